import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `primer class init`: makes the class folder and says how to set up sshd for it.
struct ClassInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a class folder and print the set-up for this machine, with what is wrong in it.",
        discussion: """
            Creates DIR (mode 0700) and DIR/data, owned by the account when run as root; an \
            existing folder is left as it is. Then prints the account, its authorized_keys file, \
            the sshd_config lines to add, what each learner types, and checks the account, the \
            folders' owners and modes, ~/.ssh and authorized_keys as sshd wants them. Running it \
            again changes nothing that is there. Exits 1 when a check fails, after saying how to \
            fix it.
            """)

    @OptionGroup var options: ClassOptions

    func run() throws {
        let site = try options.site()
        let created = try Self.makeFolders(site)
        let checks = ClassChecks(site: site).all
        let quoted = StoreCommandSupport.shellQuoted(site.classPath)
        let accountOption = options.account.map { " --account \($0)" } ?? ""

        var text = """
            Class folder: \(site.classPath)\(created.contains(site.classPath) ? " (created)" : "")
            Learners' data: \(site.folder.data.path)\(created.contains(site.folder.data.path) ? " (created)" : "")
            Account: \(site.account.name) (home \(site.account.home))
            Keys file: \(site.keysFile.path)

            Checks:

            """
        for check in checks { text += check.lines + "\n" }
        text += """

            sshd: add these lines at the end of /etc/ssh/sshd_config, check them with 'sshd -t', \
            then reload sshd ('systemctl reload ssh'):

            \(Self.sshdBlock(site))

            Then add each learner with their public key (the .pub file they send):
                primer class add NAME --key NAME.pub --class \(quoted)\(accountOption)
            and each learner types:
                \(site.loginCommand)
            (\(ClassSite.hostName) is this machine's name; use the name or address the learners reach it by.)
            """
        Streams.line(text)
        let failed = checks.filter { $0.state == .problem }.count
        if failed > 0 {
            throw PrimerError("\(StoreCommandSupport.plural(failed, "check")) above failed; fix \(failed == 1 ? "it" : "them") and run 'primer class init' again")
        }
    }

    /// The sshd_config block for the class's account: keys only, no forwarding of any kind,
    /// a terminal for primer's full-screen interface.
    static func sshdBlock(_ site: ClassSite) -> String {
        var lines = [
            "Match User \(site.account.name)",
            "    AuthenticationMethods publickey",
            "    PasswordAuthentication no",
            "    KbdInteractiveAuthentication no",
            "    AllowTcpForwarding no",
            "    AllowAgentForwarding no",
            "    AllowStreamLocalForwarding no",
            "    X11Forwarding no",
            "    PermitTunnel no",
            "    PermitTTY yes",
        ]
        if !site.keysFileIsDefault {
            let path = site.keysFile.path
            lines.append("    AuthorizedKeysFile " + (path.contains(" ") ? "\"\(path)\"" : path))
        }
        return lines.joined(separator: "\n")
    }

    /// Creates what is missing of DIR and DIR/data (0700, the account's when run as root);
    /// returns the paths it created.
    static func makeFolders(_ site: ClassSite) throws -> Set<String> {
        var created: Set<String> = []
        for folder in [site.folder.root, site.folder.data] {
            let path = folder.path
            if FileManager.default.fileExists(atPath: path) { continue }
            do {
                // Missing parents are made as mkdir -p makes them; the class folder itself is private.
                try FileManager.default.createDirectory(at: folder.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw PrimerError("cannot create \(folder.deletingLastPathComponent().path): \(error.localizedDescription)")
            }
            guard mkdir(path, 0o700) == 0 else { throw PrimerError("cannot create \(path): \(String(cString: strerror(errno)))") }
            // mkdir's mode passes through the umask; the folder must be exactly 0700.
            _ = chmod(path, 0o700)
            if geteuid() == 0 && site.account.uid != 0 && chown(path, site.account.uid, site.account.gid) != 0 {
                throw PrimerError("cannot give \(path) to \(site.account.name): \(String(cString: strerror(errno)))")
            }
            created.insert(path)
        }
        return created
    }
}
