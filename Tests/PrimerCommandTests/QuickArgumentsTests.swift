import ArgumentParser
import Foundation
import XCTest
@testable import primer

/// `optimize`'s arguments read without ArgumentParser must give exactly the command
/// ArgumentParser gives, or nothing (and then ArgumentParser reads them, with its errors).
final class QuickArgumentsTests: XCTestCase {
    func testTheQuickParseGivesArgumentParsersCommandOrNothing() throws {
        let classFolder = FileManager.default.temporaryDirectory.appendingPathComponent("quick-args-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: classFolder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: classFolder) }
        let accepted: [[String]] = [
            [],
            ["--learner", "ana", "--data-dir", "/tmp/d"],
            ["--data-dir=/tmp/d", "--learner=ana", "--json"],
            ["--all-learners", "--class", classFolder.path, "--no-color"],
            ["--content", "/c", "--learner", "Zoë پاکستان", "--json", "--all-learners"],
            ["--data-dir", "x", "--learner=a=b"],
        ]
        for arguments in accepted {
            let quick = try XCTUnwrap(OptimizeCommand.parsedQuickly(arguments), "\(arguments)")
            let usual = try XCTUnwrap(OptimizeCommand.parseAsRoot(arguments) as? OptimizeCommand)
            XCTAssertEqual(Self.fields(quick), Self.fields(usual), "\(arguments)")
            // Every stored property set, as ArgumentParser sets it (an unparsed one would trap when read).
            XCTAssertEqual(Self.dumped(quick), Self.dumped(usual), "\(arguments)")
        }
    }

    func testAnythingUnusualIsLeftToArgumentParser() {
        let refused: [[String]] = [
            ["--help"], ["-h"], ["help"], ["--version"],
            ["--learner"],                       // no value
            ["--learner", "--json"],             // a value that looks like an option
            ["--learner", "-3"],
            ["--learner", "a", "--learner", "b"], // a repeat
            ["--json", "--json"],
            ["--learner="],                      // empty: the options' check refuses it
            ["--learner", " "],
            ["--data-dir", ""],
            ["--class", "/a", "--data-dir", "/b"], // refused together by GlobalOptions
            ["--learner", "ana", "extra"],       // a word
            ["-l", "ana"], ["--"], ["--", "--json"],
            ["--seed", "3"],                     // not optimize's
            ["--json=yes"],                      // a flag with a value
            ["--lear", "ana"],                   // a prefix
        ]
        for arguments in refused {
            XCTAssertNil(OptimizeCommand.parsedQuickly(arguments), "\(arguments)")
        }
    }

    func testQuickArgumentsShapes() {
        let quick = QuickArguments(["--a", "1", "--b=2=3", "--f"], valued: ["--a", "--b"], flags: ["--f", "--g"])
        XCTAssertEqual(quick?.values, ["--a": "1", "--b": "2=3"])
        XCTAssertEqual(quick?.flags, ["--f"])
        XCTAssertNil(QuickArguments(["--f=1"], valued: [], flags: ["--f"]))
        XCTAssertNil(QuickArguments(["---a", "1"], valued: ["--a"], flags: []))
        XCTAssertEqual(QuickArguments(["--a", ""], valued: ["--a"], flags: [])?.values, ["--a": ""])
    }

    private static func fields(_ c: OptimizeCommand) -> [String] {
        [c.options.dataDir ?? "nil", c.options.content ?? "nil", c.options.classDir ?? "nil", c.options.learner ?? "nil",
         "\(c.options.noColor)", "\(c.allLearners)", "\(c.json)"]
    }

    private static func dumped(_ c: OptimizeCommand) -> String {
        var text = ""
        dump(c, to: &text)
        return text
    }
}
