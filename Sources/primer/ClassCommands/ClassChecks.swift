import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `primer class init` checks of a class's set-up: what sshd needs (StrictModes
/// refuses keys in a file or folder others can write) and what primer needs (the account
/// must be able to run a command and write the class's data).
struct ClassChecks {
    struct Check {
        enum State { case ok, note, problem }
        let state: State
        let text: String
        /// A command that fixes a problem.
        var fix: String? = nil

        var lines: String {
            let label = switch state { case .ok: "ok     "; case .note: "note   "; case .problem: "PROBLEM" }
            return "  \(label) \(text)" + (fix.map { "\n          fix: \($0)" } ?? "")
        }
    }

    let site: ClassSite

    var all: [Check] {
        [accountCheck, shellCheck, folderCheck(site.folder.root.path, mode: 0o700),
         folderCheck(site.folder.data.path, mode: nil), homeCheck, keysFolderCheck, keysFileCheck]
    }

    private var account: ClassAccount { site.account }
    private func quoted(_ path: String) -> String { StoreCommandSupport.shellQuoted(path) }
    private func octal(_ mode: mode_t) -> String { "0" + String(mode, radix: 8) }

    private func info(_ path: String) -> stat? {
        var result = stat()
        return stat(path, &result) == 0 ? result : nil
    }

    private func ownerName(_ uid: uid_t) -> String {
        guard let entry = getpwuid(uid) else { return "uid \(uid)" }
        return String(cString: entry.pointee.pw_name)
    }

    private var accountCheck: Check {
        if account.uid == 0 {
            return Check(state: .note, text: "the account is root: learners would run primer as root; "
                         + "an account of its own is safer (adduser --disabled-password quiz, then --account quiz)")
        }
        return Check(state: .ok, text: "the account \(account.name) exists (uid \(account.uid), home \(account.home))")
    }

    /// sshd runs the key's command through the account's login shell.
    private var shellCheck: Check {
        let name = (account.shell as NSString).lastPathComponent
        if account.shell.isEmpty || ["nologin", "false"].contains(name) {
            return Check(state: .problem, text: "the login shell of \(account.name) is \(account.shell.isEmpty ? "empty" : account.shell); "
                         + "sshd runs primer through it, so it must be a shell", fix: "usermod -s /bin/bash \(account.name)")
        }
        return Check(state: .ok, text: "the login shell of \(account.name) is \(account.shell)")
    }

    /// A folder the learners' primer writes in: the account's, and (for the class folder) 0700.
    private func folderCheck(_ path: String, mode wanted: mode_t?) -> Check {
        guard let info = info(path), info.st_mode & S_IFMT == S_IFDIR else {
            return Check(state: .problem, text: "\(path) is not a folder: move what is there away and run 'primer class init' again")
        }
        let mode = info.st_mode & 0o7777
        if info.st_uid != account.uid {
            return Check(state: .problem, text: "\(path) belongs to \(ownerName(info.st_uid)), not \(account.name): the learners could not write their data",
                         fix: "chown -R \(account.name): \(quoted(path))")
        }
        if let wanted, mode != wanted {
            return Check(state: .problem, text: "\(path) has mode \(octal(mode)), not \(octal(wanted)): the learners' data must be theirs alone",
                         fix: "chmod \(String(wanted, radix: 8)) \(quoted(path))")
        }
        return Check(state: .ok, text: "\(path) belongs to \(account.name)" + (wanted.map { ", mode \(octal($0))" } ?? ""))
    }

    private var homeCheck: Check {
        guard let info = info(account.home) else {
            return Check(state: .problem, text: "the home folder \(account.home) of \(account.name) does not exist",
                         fix: "mkdir -m 755 \(quoted(account.home)) && chown \(account.name): \(quoted(account.home))")
        }
        if info.st_mode & 0o022 != 0 && site.keysFileIsDefault {
            return Check(state: .problem, text: "\(account.home) can be written by others (mode \(octal(info.st_mode & 0o7777))): sshd refuses its keys",
                         fix: "chmod go-w \(quoted(account.home))")
        }
        return Check(state: .ok, text: "\(account.home) is writable by \(account.name) alone")
    }

    private var keysFolderCheck: Check {
        let path = site.keysFolder.path
        guard let info = info(path) else {
            return Check(state: .note, text: "\(path) does not exist yet; 'primer class add' creates it (mode 0700)")
        }
        let mode = info.st_mode & 0o7777
        if info.st_uid != account.uid && info.st_uid != 0 {
            return Check(state: .problem, text: "\(path) belongs to \(ownerName(info.st_uid)): sshd refuses keys in it",
                         fix: "chown \(account.name): \(quoted(path))")
        }
        if site.keysFileIsDefault && mode != 0o700 {
            return Check(state: .problem, text: "\(path) has mode \(octal(mode)), not 0700", fix: "chmod 700 \(quoted(path))")
        }
        if mode & 0o022 != 0 {
            return Check(state: .problem, text: "\(path) can be written by others (mode \(octal(mode))): sshd refuses keys in it",
                         fix: "chmod go-w \(quoted(path))")
        }
        return Check(state: .ok, text: "\(path) has mode \(octal(mode))")
    }

    private var keysFileCheck: Check {
        let path = site.keysFile.path
        guard let info = info(path) else {
            return Check(state: .note, text: "\(path) does not exist yet; the first 'primer class add' creates it (mode 0600)")
        }
        let mode = info.st_mode & 0o7777
        if info.st_mode & S_IFMT != S_IFREG {
            return Check(state: .problem, text: "\(path) is not a plain file", fix: nil)
        }
        if info.st_uid != account.uid && info.st_uid != 0 {
            return Check(state: .problem, text: "\(path) belongs to \(ownerName(info.st_uid)): sshd refuses it",
                         fix: "chown \(account.name): \(quoted(path))")
        }
        if mode & 0o022 != 0 {
            return Check(state: .problem, text: "\(path) can be written by others (mode \(octal(mode))): sshd refuses it",
                         fix: "chmod 600 \(quoted(path))")
        }
        return Check(state: .ok, text: "\(path) is not writable by group or others (mode \(octal(mode)))")
    }
}
