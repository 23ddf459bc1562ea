/// A leaf command's arguments in their everyday shapes, read without ArgumentParser:
/// `--name value` or `--name=value` for options that take a value, a bare `--name` for
/// flags, each at most once. ArgumentParser builds a command by reflecting over every
/// property of it and of its option groups, and the Swift runtime looks up each of their
/// types the first time; for `primer optimize` that was about a millisecond, a twentieth
/// of the whole command. Anything else (a short option, `--`, a word that is not an
/// option, a name not listed, a repeat, a value that starts with `-`, a call for help) is
/// nil: the caller then parses as usual, so every error and help text stays
/// ArgumentParser's own.
struct QuickArguments: Equatable {
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []

    init?(_ arguments: [String], valued: Set<String>, flags allowedFlags: Set<String>) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else { return nil }
            if let equals = argument.firstIndex(of: "=") {
                let name = String(argument[..<equals])
                guard valued.contains(name), values[name] == nil else { return nil }
                values[name] = String(argument[argument.index(after: equals)...])
            } else if valued.contains(argument) {
                guard values[argument] == nil, index < arguments.count, !arguments[index].hasPrefix("-") else { return nil }
                values[argument] = arguments[index]
                index += 1
            } else if allowedFlags.contains(argument) {
                guard !flags.contains(argument) else { return nil }
                flags.insert(argument)
            } else {
                return nil
            }
        }
    }
}
