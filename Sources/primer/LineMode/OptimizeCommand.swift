import ArgumentParser
import Foundation
import LearnerStore
import StudyCore
import StudyServices

/// `primer optimize`: fit FSRS's weights to the learner's own answers.
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Fit the scheduler's weights to a learner's own answers (or a class's).",
        discussion: """
            FSRS's 21 weights describe how fast memories fade and grow; the defaults are fitted \
            to a population. optimize fits them to the learner's schedule-affecting answers (the \
            method of fsrs-rs, Anki's optimizer), holds out the last 20% of the study days, \
            scores the weights in force and the fitted ones there, and saves the fitted ones \
            only when they predict the held-out answers better (log loss and RMSE over bins). \
            Item states are then recomputed with them. With --all-learners one set is fitted to \
            everyone's answers and saved as the class's, used by learners without their own.

            JSON fields: learner, reviews, items, parameters (21 numbers fitted; null when \
            nothing could be fitted), log_loss_before, log_loss_after, rmse_bins_before, \
            rmse_bins_after (null without a held-out evaluation), saved, more_reviews_needed \
            (null when the data sufficed).
            """)

    @OptionGroup var options: GlobalOptions

    @Flag(name: .customLong("all-learners"), help: "Fit one set of weights for every learner in the data folder.")
    var allLearners = false

    @Flag(name: .long, help: "Print JSON (fields are listed below).")
    var json = false

    func run() throws {
        MallocGrowth.growInLargeSteps()
        // It reads the log and then writes: one connection for both.
        let store = try StoreCommandSupport.openStore(options)
        defer { StoreCommandSupport.close(store) }
        let report: OptimizeReport
        if allLearners {
            report = try Optimization.optimizeClass(store: store)
        } else {
            let name = options.learnerName
            let learner = try StoreCommandSupport.existingLearner(name, in: store)
            report = try Optimization.optimize(store: store, learner: learner, name: name)
        }
        let output = PlainOutput(environment: options.environment)
        if json { try Self.printJSON(report, output) } else { Self.printText(report, output) }
    }

    static func printText(_ r: OptimizeReport, _ output: PlainOutput) {
        output.line("\(clean(r.who)): \(r.reviews) answers, \(r.items) training items")
        if let more = r.moreReviewsNeeded {
            output.wrapped("Not enough answers yet to fit the weights: about \(more) more answers to questions answered on "
                           + "an earlier day are needed. Nothing was changed.")
            return
        }
        if let before = r.before, let after = r.after {
            let (lossBefore, lossAfter) = (decimalText(before.logLoss, places: 4), decimalText(after.logLoss, places: 4))
            let (rmseBefore, rmseAfter) = (decimalText(before.rmseBins, places: 4), decimalText(after.rmseBins, places: 4))
            output.line("Held-out answers: log loss \(lossBefore) with the weights in force, \(lossAfter) fitted")
            output.line("                  RMSE over bins \(rmseBefore) in force, \(rmseAfter) fitted")
        }
        if case .initialStabilityOnly(let more) = r.level {
            output.wrapped("Only the first-answer stabilities could be fitted; about \(more) more answers would fit them all.")
        }
        output.line(r.saved ? "Saved: the fitted weights are better on the held-out answers; item states were recomputed."
                            : "Not saved: the fitted weights are not better on the held-out answers.")
    }

    static func printJSON(_ r: OptimizeReport, _ output: PlainOutput) throws {
        struct Out: Encodable {
            var learner: String
            var reviews: Int
            var items: Int
            var parameters: [Double]?
            var logLossBefore: Double?
            var logLossAfter: Double?
            var rmseBinsBefore: Double?
            var rmseBinsAfter: Double?
            var saved: Bool
            var moreReviewsNeeded: Int?
            enum CodingKeys: String, CodingKey {
                case learner, reviews, items, parameters, saved
                case logLossBefore = "log_loss_before", logLossAfter = "log_loss_after"
                case rmseBinsBefore = "rmse_bins_before", rmseBinsAfter = "rmse_bins_after"
                case moreReviewsNeeded = "more_reviews_needed"
            }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(learner, forKey: .learner)
                try c.encode(reviews, forKey: .reviews)
                try c.encode(items, forKey: .items)
                try c.encode(parameters, forKey: .parameters)   // nulls kept: every key present
                try c.encode(logLossBefore, forKey: .logLossBefore)
                try c.encode(logLossAfter, forKey: .logLossAfter)
                try c.encode(rmseBinsBefore, forKey: .rmseBinsBefore)
                try c.encode(rmseBinsAfter, forKey: .rmseBinsAfter)
                try c.encode(saved, forKey: .saved)
                try c.encode(moreReviewsNeeded, forKey: .moreReviewsNeeded)
            }
        }
        let out = Out(learner: r.who, reviews: r.reviews, items: r.items, parameters: r.fitted?.values,
                      logLossBefore: r.before?.logLoss, logLossAfter: r.after?.logLoss,
                      rmseBinsBefore: r.before?.rmseBins, rmseBinsAfter: r.after?.rmseBins,
                      saved: r.saved, moreReviewsNeeded: r.moreReviewsNeeded)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        output.line(String(decoding: try encoder.encode(out), as: UTF8.self))
    }
}

extension OptimizeCommand {
    /// `optimize`'s usual arguments read without ArgumentParser (`QuickArguments`), nil for
    /// anything else and for values the options' own checks refuse, which the usual parse
    /// then reports in its words. Every property is set: one left unparsed would trap when
    /// read, so a test compares the result with ArgumentParser's, field by field.
    static func parsedQuickly(_ arguments: [String]) -> OptimizeCommand? {
        guard let quick = QuickArguments(arguments, valued: ["--data-dir", "--content", "--class", "--learner"],
                                         flags: ["--no-color", "--all-learners", "--json"]) else { return nil }
        var options = GlobalOptions()
        options.dataDir = quick.values["--data-dir"]
        options.content = quick.values["--content"]
        options.classDir = quick.values["--class"]
        options.learner = quick.values["--learner"]
        options.noColor = quick.flags.contains("--no-color")
        guard (try? options.validate()) != nil else { return nil }
        var command = OptimizeCommand()
        command.options = options
        command.allLearners = quick.flags.contains("--all-learners")
        command.json = quick.flags.contains("--json")
        guard (try? command.validate()) != nil else { return nil }   // as ArgumentParser asks of every command
        return command
    }
}
