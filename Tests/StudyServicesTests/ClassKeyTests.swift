import Foundation
import XCTest
@testable import StudyServices

/// The pieces of `primer class`: public keys and fingerprints, a learner's authorized_keys
/// line, editing the file around everyone else's lines, the atomic rewrite.
final class ClassKeyTests: XCTestCase {
    // Made once with `ssh-keygen -t … -N ''`; the fingerprints are what `ssh-keygen -lf` printed.
    static let ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ9lavNjJL3+VpRBCdfZqXJGxDTUAbpDmQZsLRd3RShH ana@laptop"
    static let ed25519Fingerprint = "SHA256:0X00zjuOSuyFTn3J35y2T1gWAH35aPJjs3v/fGILX9M"
    static let rsa = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCjL0wQRj6TQzctvjdbbO4oRbBF1AwZGpmY61eofsD/OOsv7Uh+kA6atiltOulDPmEwhBMnB1abPDlxL+RI/w84y8VvMI6VCwDP5O/K6H9eLashS6pd0fwwBSWxJNH1qJBqN9cUhoumVvKcmMhHKkUPAphp0ZKhz2oazs4TN96Jy8RF9dip5yi+Cs2rskzXi4boFpZyPOArft1fBIX0oxrQY4XE+3oqe3/wZaV++n81CByegHFPwmZijx4ndPbBaU6rrU3zLiGSBJ7xPQHoBBy0vyMxHF/09sIxzOu37YMF/Syz/RcGm8IJcYNgnETAbOQi7men3T3EeXeCbdV11Imd rsa@x"
    static let rsaFingerprint = "SHA256:T3gMHHcqCfm/s6Xb8SUFft4rRtGymGL80MSX32tudto"
    static let ecdsa = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBOZJL35SXSC3j1cuE7kCyRwBwqROPWbJV2WF8CSsV6g3HaqSsHMNtWydmPbRXqlsnfvzmUsCNStbmArUuWsdq7k="
    static let ecdsaFingerprint = "SHA256:d7NscsMvQHiSt9kWE77DcNQOKSFz5jwVuuxv6brTifk"

    func key(_ line: String = ClassKeyTests.ed25519) throws -> SSHPublicKey { try SSHPublicKey(line: line) }

    func entry(_ name: String, key line: String = ClassKeyTests.ed25519, folder: String = "/srv/quiz") throws -> ClassLearnerKey {
        try ClassLearnerKey(learner: name, classFolder: folder, program: "/usr/local/bin/primer", key: key(line))
    }

    func assertRefused(_ body: @autoclosure () throws -> Any, _ fragment: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard let error = error as? ClassKeyError else { return XCTFail("not a ClassKeyError: \(error)", file: file, line: line) }
            XCTAssertTrue(error.description.contains(fragment), "\(error.description) lacks \(fragment)", file: file, line: line)
        }
    }

    // MARK: keys

    func testFingerprintsMatchSSHKeygen() throws {
        XCTAssertEqual(try key(Self.ed25519).fingerprint, Self.ed25519Fingerprint)
        XCTAssertEqual(try key(Self.rsa).fingerprint, Self.rsaFingerprint, "an RSA blob spans several SHA-256 blocks")
        XCTAssertEqual(try key(Self.ecdsa).fingerprint, Self.ecdsaFingerprint)
    }

    func testSHA256KnownDigests() {
        func hex(_ text: String) -> String { SHA256.digest(Array(text.utf8)).map { String(format: "%02x", $0) }.joined() }
        XCTAssertEqual(hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        // 56 bytes: the padding needs a second block.
        XCTAssertEqual(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testPublicKeyFileParsing() throws {
        let parsed = try SSHPublicKey(fileText: "\n  \(Self.ed25519)\r\n\n")
        XCTAssertEqual(parsed.type, "ssh-ed25519")
        XCTAssertEqual(parsed.comment, "ana@laptop")
        XCTAssertEqual(parsed.identity, String(Self.ed25519.dropLast(" ana@laptop".count)))
        XCTAssertNil(try SSHPublicKey(fileText: Self.ecdsa).comment)
        XCTAssertEqual(try SSHPublicKey(line: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ9lavNjJL3+VpRBCdfZqXJGxDTUAbpDmQZsLRd3RShH Ana B  laptop").comment,
                       "Ana B  laptop", "a comment keeps its inner blanks")
    }

    func testPrivateKeysAndGarbageAreRefused() throws {
        let privateKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n"
        assertRefused(try SSHPublicKey(fileText: privateKey), "private key")
        assertRefused(try SSHPublicKey(fileText: ""), "empty")
        assertRefused(try SSHPublicKey(fileText: Self.ed25519 + "\n" + Self.rsa), "2 lines")
        assertRefused(try SSHPublicKey(fileText: "hello"), "one line 'TYPE KEY")
        assertRefused(try SSHPublicKey(fileText: "ssh-dss AAAAB3NzaC1kc3MAAACBAP"), "not a key type")
        assertRefused(try SSHPublicKey(fileText: "ssh-ed25519 AAAA*not-base64*"), "not valid base64")
        // RSA data labelled ed25519, and a key cut short.
        assertRefused(try SSHPublicKey(fileText: "ssh-ed25519 " + Self.rsa.split(separator: " ")[1]), "does not match its type")
        assertRefused(try SSHPublicKey(fileText: "ssh-ed25519 AAAA"), "does not match its type")
        assertRefused(try SSHPublicKey(fileText: "\u{1B}[31mssh-evil\u{07} AAAA"), "not a key type")
    }

    // MARK: one learner's line

    func testLineForANameWithASpaceAndAnApostropheRoundTrips() throws {
        let ana = try ClassLearnerKey(learner: "Ana O'Neil", classFolder: "/srv/my quiz", program: "/usr/local/bin/primer", key: key())
        XCTAssertEqual(ana.line, "command=\"/usr/local/bin/primer --class '/srv/my quiz' --learner 'Ana O'\\''Neil'\",restrict,pty "
                       + String(Self.ed25519.dropLast(" ana@laptop".count)) + " primer:Ana O'Neil")
        let parsed = try XCTUnwrap(ClassLearnerKey.parse(ana.line))
        XCTAssertEqual(parsed, ana)
        XCTAssertEqual(parsed.learner, "Ana O'Neil")
        XCTAssertEqual(parsed.classFolder, "/srv/my quiz")
        XCTAssertEqual(parsed.key.fingerprint, Self.ed25519Fingerprint)
        XCTAssertNil(parsed.key.comment, "the learner's own comment is replaced by primer:NAME")
        for name in ["ana", "Zainab Ali", "زینب", "日本 太郎", "a'b'c", "it's%=:,@", "O'\u{301}Brien", "x;rm -rf ~;'y"] {
            let learner = try entry(name)
            XCTAssertEqual(ClassLearnerKey.parse(learner.line), learner, name)
        }
    }

    /// What the account's shell does with the command: the very arguments primer gets.
    func testTheShellReadsTheCommandAsTheArguments() throws {
        for name in ["Ana O'Neil", "x;rm -rf ~;'y", "O'\u{301}Brien", "$HOME `id` *"] {
            let learner = try ClassLearnerKey(learner: name, classFolder: "/srv/my 'quiz'", program: "/bin/printf", key: key())
            // printf's format comes first: print each word on its own line.
            let command = learner.command.replacingOccurrences(of: "/bin/printf", with: "/usr/bin/printf '%s\\n'")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            XCTAssertEqual(String(decoding: data, as: UTF8.self), ["--class", "/srv/my 'quiz'", "--learner", name].joined(separator: "\n") + "\n", name)
        }
    }

    func testUnsafeNamesAndPathsAreRefused() throws {
        assertRefused(try entry("Ana \"B\""), "double quote")
        assertRefused(try entry("Ana\\B"), "backslash")
        assertRefused(try entry("-rf"), "start with '-'")
        assertRefused(try entry("--learner"), "start with '-'")
        assertRefused(try entry("Ana\nB"), "control characters")
        assertRefused(try entry("Ana\tB"), "control characters")
        assertRefused(try entry("Ana\u{07}"), "control characters")
        assertRefused(try entry("Ana\u{9B}31m"), "control characters")
        assertRefused(try entry(" Ana"), "blank")
        assertRefused(try entry("Ana "), "blank")
        assertRefused(try entry(""), "empty")
        assertRefused(try entry("\u{301}Ana"), "combining mark")
        assertRefused(try entry("ana", folder: "quiz"), "absolute path")
        assertRefused(try entry("ana", folder: "/srv/\"quiz\""), "double quote")
        assertRefused(try entry("ana", folder: "/srv/quiz\n"), "control characters")
        assertRefused(try ClassLearnerKey(learner: "ana", classFolder: "/srv/quiz", program: "primer", key: key()), "absolute path")
    }

    func testLinesPrimerDidNotWriteAreNotLearners() throws {
        let ana = try entry("ana").line
        XCTAssertNil(ClassLearnerKey.parse(Self.ed25519), "a plain key")
        XCTAssertNil(ClassLearnerKey.parse("# " + ana), "a comment")
        XCTAssertNil(ClassLearnerKey.parse(ana.replacingOccurrences(of: "--learner ana", with: "--learner ana; id")), "an edited command")
        XCTAssertNil(ClassLearnerKey.parse(ana.replacingOccurrences(of: "primer:ana", with: "primer:bob")), "name and comment disagree")
        XCTAssertNil(ClassLearnerKey.parse(ana.replacingOccurrences(of: "primer:ana", with: "ana@laptop")), "no marker")
        XCTAssertNil(ClassLearnerKey.parse(String(ana.prefix(30))), "cut short")
    }

    // MARK: the file

    /// Everyone else's lines, as they might be: comments, blank lines, a key with options,
    /// one with a carriage return, bytes that are not UTF-8, and no line break at the end.
    static let othersFile: [UInt8] = Array("# the tutor's keys\n\nfrom=\"10.0.0.0/8\",no-pty \(rsa) tutor@desk\r\n".utf8)
        + [0xFF, 0xFE, 0x20, 0x41, 0x0A] + Array("  \(ecdsa) other".utf8)

    func testEveryOtherLineIsKeptByteForByte() throws {
        XCTAssertEqual(AuthorizedKeys(bytes: Self.othersFile).bytes, Self.othersFile, "read and written unchanged")
        XCTAssertEqual(AuthorizedKeys(bytes: []).bytes, [])
        XCTAssertEqual(AuthorizedKeys(bytes: Array("\n".utf8)).bytes, Array("\n".utf8))

        var keys = AuthorizedKeys(bytes: Self.othersFile)
        XCTAssertTrue(keys.allLearners.isEmpty)
        let ana = try entry("Ana O'Neil")
        try keys.add(ana)
        XCTAssertEqual(keys.bytes, Self.othersFile + Array(("\n" + ana.line + "\n").utf8), "added at the end, nothing else touched")
        XCTAssertEqual(AuthorizedKeys(bytes: keys.bytes).learners(inClass: "/srv/quiz"), [ana], "read back from its bytes")

        // Removing a learner from the middle keeps the lines around it exactly.
        let withLearner = Self.othersFile + Array("\n".utf8) + Array(ana.line.utf8) + Array("\n# after\n".utf8)
        var middle = AuthorizedKeys(bytes: withLearner)
        XCTAssertEqual(try middle.remove(learner: "Ana O'Neil", inClass: "/srv/quiz"), ana)
        XCTAssertEqual(middle.bytes, Self.othersFile + Array("\n# after\n".utf8))
    }

    func testDuplicateNamesAndKeysAreRefused() throws {
        var keys = AuthorizedKeys(bytes: Array("\(Self.ecdsa) tutor@desk\n".utf8))
        try keys.add(entry("ana"))
        assertRefused(try keys.add(entry("ana", key: Self.rsa)), "'ana' is already in this class")
        assertRefused(try keys.add(entry("bob")), "already ana's in this class")
        assertRefused(try keys.add(entry("bob", folder: "/srv/other")), "already ana's in the class /srv/quiz")
        // The same key with another comment is the same key.
        assertRefused(try keys.add(entry("bob", key: String(Self.ed25519.dropLast(6)) + "elsewhere")), "already ana's")
        assertRefused(try keys.add(entry("bob", key: Self.ecdsa)), "already on line 1, which primer did not write")
        // The same name in another class is another learner.
        try keys.add(entry("ana", key: Self.rsa, folder: "/srv/other"))
        XCTAssertEqual(keys.learners(inClass: "/srv/quiz").map(\.learner), ["ana"])
        XCTAssertEqual(keys.learners(inClass: "/srv/other").map(\.learner), ["ana"])
        XCTAssertEqual(keys.allLearners.count, 2)
    }

    func testRemovingSomeoneWhoIsNotThere() throws {
        var keys = AuthorizedKeys(bytes: [])
        assertRefused(try keys.remove(learner: "ana", inClass: "/srv/quiz"), "it has none yet")
        try keys.add(entry("ana"))
        try keys.add(entry("bob", key: Self.rsa))
        assertRefused(try keys.remove(learner: "cy", inClass: "/srv/quiz"), "it has ana, bob")
        assertRefused(try keys.remove(learner: "ana", inClass: "/srv/other"), "none yet")
        XCTAssertEqual(keys.allLearners.count, 2, "nothing removed")
    }

    // MARK: writing it

    func testAtomicRewriteCreatesPrivateFilesAndKeepsModes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("primer-class-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("authorized_keys")

        let seen = try AtomicRewrite.update(file) { old -> (bytes: [UInt8], result: [UInt8]?) in (Array("one\n".utf8), old) }
        XCTAssertNil(seen, "a missing file reads as nil")
        XCTAssertEqual(try mode(file), 0o600)
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "one\n")

        XCTAssertEqual(chmod(file.path, 0o640), 0)
        try AtomicRewrite.update(file) { old in ((old ?? []) + Array("two\n".utf8), ()) }
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "one\ntwo\n")
        XCTAssertEqual(try mode(file), 0o640, "the mode is kept")

        // A change that throws leaves the file as it was, and no temporary file behind.
        XCTAssertThrowsError(try AtomicRewrite.update(file) { _ -> (bytes: [UInt8], result: Void) in throw ClassKeyError("no") })
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "one\ntwo\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["authorized_keys"])
    }

    func mode(_ url: URL) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
    }

    // MARK: who is connected

    func testSessionsAreProcessesRunningTheLearnersCommand() throws {
        XCTAssertEqual(ClassSessions.arguments(cmdline: Array("a\0b c\0\0d\0".utf8)), ["a", "b c", "", "d"])
        let proc = FileManager.default.temporaryDirectory.appendingPathComponent("primer-proc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: proc) }
        let ana = try entry("Ana O'Neil"), bob = try entry("bob", key: Self.rsa)
        func process(_ pid: String, _ arguments: [String]) throws {
            let folder = proc.appendingPathComponent(pid)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(arguments.map { $0 + "\0" }.joined().utf8).write(to: folder.appendingPathComponent("cmdline"))
        }
        try process("10", ana.arguments)
        try process("11", ana.arguments)
        try process("12", ["/bin/sh", "-c", ana.command])                         // the shell before it execs
        try process("13", ["/usr/local/bin/primer", "--class", "/srv/other", "--learner", "bob"])
        try process("self", bob.arguments)                                         // not a process number
        XCTAssertEqual(ClassSessions.running([ana, bob], proc: proc), ["Ana O'Neil": 2])
        XCTAssertEqual(ClassSessions.running([], proc: proc), [:])
    }
}
