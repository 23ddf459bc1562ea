import ArgumentParser
import Foundation
import LearnerStore
import TerminalUI

/// `primer learners`: everyone who has studied with this data folder.
struct LearnersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learners",
        abstract: "List the learners in the data folder, with their reviews and last activity.",
        discussion: """
            Last activity is the latest answer, session or lesson read, in local time; \
            "never" for a learner who has not studied yet. Choose a learner with --learner NAME \
            (default: your login name).
            """)

    @OptionGroup var options: GlobalOptions

    func run() throws {
        do {
            // A folder with no learner data lists no one, and is left as it was.
            let directory = StoreCommandSupport.directory(options)
            guard DataLocation.holdsStore(directory) else {
                if let earlier = DataLocation.earlierData(in: directory) {
                    StoreCommandSupport.printWarning("there is no learner data file in \(directory.path), but the folder holds "
                                                     + "\(earlier): 'primer restore FILE' brings one back")
                }
                Streams.line("No learners yet in \(directory.path).")
                return
            }
            let store = try StoreCommandSupport.openStore(options)
            defer { StoreCommandSupport.close(store) }
            let learners = try store.learners()
            if learners.isEmpty {
                Streams.line("No learners yet in \(store.directory.path).")
                return
            }
            Streams.line(Self.table(learners))
        }
    }

    /// A plain-text table, aligned by display width (names may be in any script).
    static func table(_ learners: [LearnerSummary]) -> String {
        let header = ["NAME", "REVIEWS", "LAST ACTIVITY"]
        let rows = learners.map { learner in
            [learner.name, String(learner.reviewCount),
             learner.lastActivity.map(StoreCommandSupport.localDateTime) ?? "never"]
        }
        let widths = (0..<header.count).map { column in
            ([header] + rows).map { DisplayWidth.of($0[column]) }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            func pad(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - DisplayWidth.of(text))) }
            // Name left-aligned, count right-aligned, date left-aligned.
            let name = cells[0] + pad(cells[0], widths[0])
            let reviews = pad(cells[1], widths[1]) + cells[1]
            return "\(name)  \(reviews)  \(cells[2])"
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
