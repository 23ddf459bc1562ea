import Foundation
import NcursesTerminal
import StudyCore
import TerminalUI
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line-mode output: plain text on stdout, written straight to the file descriptor so
/// that every line (above all `saved`) is out before the next input is read. Never an
/// escape code: everything that comes from the course goes through `TextSanitizer`.
struct PlainOutput {
    /// Columns to wrap at: `$COLUMNS` when it is a sensible number, else 78.
    let width: Int
    /// stdout is a terminal: only then is an `Answer: ` prompt shown.
    let isTerminal: Bool

    init(environment: [String: String]) {
        if let text = environment["COLUMNS"], let columns = Int(text.trimmingCharacters(in: .whitespaces)),
           (20...1000).contains(columns) {
            width = columns
        } else {
            width = 78
        }
        isTerminal = isatty(STDOUT_FILENO) != 0
    }

    /// Writes text straight to stdout (`Streams`: sanitised, and a failed write is never silent).
    func emit(_ text: String) { Streams.out(text) }

    func line(_ text: String = "") { emit(text + "\n") }

    /// Course or learner text, sanitised and wrapped; continuation lines get `indent`.
    func wrapped(_ text: String, prefix: String = "", indent: String? = nil) {
        let hanging = indent ?? String(repeating: " ", count: DisplayWidth.of(prefix))
        var out = ""
        for (i, l) in Self.wrap(clean(text), first: width - DisplayWidth.of(prefix), rest: width - DisplayWidth.of(hanging)).enumerated() {
            out += (i == 0 ? prefix : hanging) + l + "\n"
        }
        emit(out)
    }

    /// Lines of at most `first` columns, then at most `rest`: a prefix and a hanging
    /// indent of different widths each get their own (one width for both ran the lines
    /// under a long prefix short, and those under a deeper indent past the margin).
    static func wrap(_ text: String, first: Int, rest: Int) -> [String] {
        let firstWidth = max(10, first), restWidth = max(10, rest)
        guard let head = WordWrap.wrapPlain(text, width: firstWidth).first else { return [] }
        let trimmed = text.drop { $0 == " " }
        guard firstWidth != restWidth, trimmed.hasPrefix(head) else {
            return WordWrap.wrapPlain(text, width: min(firstWidth, restWidth))
        }
        let remainder = String(trimmed.dropFirst(head.count).drop { $0 == " " })
        return [head] + (remainder.isEmpty ? [] : WordWrap.wrapPlain(remainder, width: restWidth))
    }

    /// The prompt before reading an answer: only on a terminal, so piped output stays exactly one block per question.
    func prompt() {
        if isTerminal { emit("Answer: ") }
    }
}

/// Text from the course (or the environment) made safe to print: no control characters,
/// no escape sequences, newlines turned into spaces.
func clean(_ text: String) -> String {
    TextSanitizer.clean(text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " "))
}

/// Reads stdin one line at a time with its own buffer, so it can wait with a deadline
/// (the exam clock) without losing lines that stdio would have read ahead.
final class LineReader {
    enum Input: Equatable {
        case line(String)
        case endOfInput
        case timedOut
    }

    private var buffer: [UInt8] = []
    private var atEnd = false
    private let fd: Int32
    /// Deadlines are on primer's clock, so waits are measured on it too: a deadline and a
    /// wait on two different clocks once made the exam loop for ever.
    private let clock: any StudyClock
    /// A line longer than this is cut off (and so will not parse as an answer).
    static let maximumLineBytes = 64 * 1024

    init(fd: Int32 = STDIN_FILENO, clock: any StudyClock = Clock.shared) {
        self.fd = fd
        self.clock = clock
        // A closed terminal, `kill` or Ctrl-C then ends the input (see `EndingSignal`):
        // the session is closed or the exam abandoned as at the end of a script.
        EndingSignal.installForLineMode()
    }

    /// The next line without its newline; `.timedOut` if `deadline` (on primer's clock) passes first.
    func next(deadline: Date? = nil) -> Input {
        while true {
            if EndingSignal.received { atEnd = true }   // it may have come while primer was busy
            // No one reads the output any more (`| head` has ended): the questions would go
            // unseen, so the input ends here, and the session closes as at a script's end.
            if Streams.failedStatus != nil { atEnd = true }
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var lineBytes = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if lineBytes.last == UInt8(ascii: "\r") { lineBytes.removeLast() }
                return .line(Self.decode(lineBytes))
            }
            if atEnd {
                guard !buffer.isEmpty else { return .endOfInput }
                let rest = buffer
                buffer.removeAll()
                return .line(Self.decode(rest))
            }
            if let deadline {
                let remaining = deadline.timeIntervalSince(clock.now())
                if remaining <= 0 { return .timedOut }
                var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ms = Int32(min(remaining * 1000, 60_000).rounded(.up))
                let ready = poll(&descriptor, 1, max(1, ms))
                if ready == 0 { continue }   // loop: re-checks the deadline
                if ready < 0 && errno == EINTR { continue }   // an ending signal is seen at the loop's top
                if ready < 0 { atEnd = true; continue }
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer.append(contentsOf: chunk[..<n])
                if buffer.count > Self.maximumLineBytes, !buffer.contains(UInt8(ascii: "\n")) {
                    // Keep only the start of an endless line; the rest is dropped up to its newline.
                    buffer.removeSubrange(Self.maximumLineBytes...)
                    buffer.append(contentsOf: Array("…".utf8))
                    skipToNewline()
                }
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                atEnd = true
            }
        }
    }

    /// Discards input up to and excluding the next newline (for over-long lines).
    private func skipToNewline() {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { atEnd = true; return }
            if let newline = chunk[..<n].firstIndex(of: UInt8(ascii: "\n")) {
                buffer.append(contentsOf: chunk[newline..<n])
                return
            }
        }
    }

    private static func decode(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

/// One answer line: `2`, `b`, `1,3`, `a c`, optionally ending in `?` ("I guessed") or
/// `!` ("too easy"); in an exam also `flag`; in study and quizzes also `quit`.
enum AnswerLine: Equatable {
    case choice(Set<Int>, guessed: Bool, tooEasy: Bool)
    case flag
    case quit
    case unreadable(String)

    /// Parses `text` for a question showing `optionCount` options.
    static func parse(_ text: String, optionCount: Int, multiple: Bool, trueFalse: Bool = false,
                      allowFlag: Bool = false, allowQuit: Bool = false) -> AnswerLine {
        var body = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if allowFlag && body == "flag" { return .flag }
        // A word no option letter can be: ending the input (Ctrl-D) is not something every
        // screen-reader user knows to do.
        if allowQuit && body == "quit" { return .quit }
        var guessed = false, tooEasy = false
        if body.hasSuffix("?") { guessed = true; body.removeLast() }
        else if body.hasSuffix("!") { tooEasy = true; body.removeLast() }
        body = body.trimmingCharacters(in: .whitespaces)
        let tokens = body.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == ";" })
        guard !tokens.isEmpty else {
            return .unreadable(text.trimmingCharacters(in: .whitespaces).isEmpty ? "The line was empty." : "No option was given.")
        }
        var chosen = Set<Int>()
        for token in tokens {
            let word = String(token)
            if let number = Int(word) {
                guard (1...optionCount).contains(number) else { return .unreadable("There is no option \(word).") }
                chosen.insert(number - 1)
            } else if trueFalse && (word == "true" || word == "false") {
                chosen.insert(word == "true" ? 0 : 1)
            } else if word.count == 1, let scalar = word.unicodeScalars.first, ("a"..."z").contains(scalar) {
                let index = Int(scalar.value - UnicodeScalar("a").value)
                guard index < optionCount else { return .unreadable("There is no option \(word).") }
                chosen.insert(index)
            } else {
                return .unreadable("'\(clean(String(word.prefix(20))))' is not an option.")
            }
        }
        if !multiple && chosen.count > 1 { return .unreadable("Choose one option only.") }
        return .choice(chosen, guessed: guessed, tooEasy: tooEasy)
    }
}

/// "42 s", "3 min 5 s", "1 h 2 min".
func durationText(_ seconds: TimeInterval) -> String {
    let total = Int(max(0, seconds).rounded())
    if total < 60 { return "\(total) s" }
    if total < 3600 { return total % 60 == 0 ? "\(total / 60) min" : "\(total / 60) min \(total % 60) s" }
    return "\(total / 3600) h \((total % 3600) / 60) min"
}

func percent(_ fraction: Double) -> String { percentText(fraction) }

/// One line typed during a line-mode exam: an answer, or one of the exam's commands.
enum ExamCommand: Equatable {
    case answer(Set<Int>, mark: AnswerOverride?)
    case flag
    case go(Int)
    case list
    case submit
    case unreadable(String)

    static func parse(_ text: String, asked: AskedQuestion, count: Int) -> ExamCommand {
        let words = text.trimmingCharacters(in: .whitespaces).lowercased().split(separator: " ")
        switch words.first {
        case "submit"? where words.count == 1: return .submit
        case "list"? where words.count == 1: return .list
        case "go"?:
            guard words.count == 2, let n = Int(words[1]) else { return .unreadable("Type go and a question number, such as go 3.") }
            return .go(n)
        default: break
        }
        switch AnswerLine.parse(text, optionCount: asked.shown.count, multiple: asked.question.kind == .multiple,
                                trueFalse: asked.question.kind == .trueFalse, allowFlag: true) {
        case .flag: return .flag
        case let .choice(chosen, guessed, tooEasy): return .answer(chosen, mark: guessed ? .guessed : tooEasy ? .tooEasy : nil)
        case .unreadable(let reason): return .unreadable(reason)
        case .quit: return .unreadable("quit is not used in an exam.")   // not asked for: allowQuit is false
        }
    }
}
