import ArgumentParser
import Foundation
import LearnerStore
import StudyCore
import StudyServices

/// `primer live --class DIR --preset FILE`: the tutor runs a live quiz for the class.
struct LiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Run a live quiz for a class: every learner's screen follows yours.",
        discussion: """
            Learners in the class (each at their own terminal, over SSH: see 'primer class') \
            see a waiting screen; n starts each question with its share of the preset's time \
            limit (at least 10 seconds); you see, live, who has answered and how the answers \
            split; when time is up (or r) everyone sees the right answer and the explanation, \
            and each learner whether they were right. At the end you see each learner's right \
            answers (by name, not ranked); with --board, everyone also sees a ranked board \
            under pseudonyms, each learner with their own row marked. Each learner's answers are saved as a mock exam with \
            the quiz's title, so 'primer results' and 'primer report' include them. q ends the quiz.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(name: .long, help: ArgumentHelp("The exam preset that sets the questions (see Content/PRESETS.md).", valueName: "FILE"))
    var preset: String

    @Option(name: .long, help: ArgumentHelp("Seconds for each question (default: the preset's time limit shared out).", valueName: "N"))
    var seconds: Int?

    @Option(name: .long, help: ArgumentHelp("Seed for the questions and their options (default: the preset's, else a fresh one).", valueName: "N"))
    var seed: UInt64?

    @Flag(name: .long, help: "At the end, show everyone a ranked board with the names replaced by pseudonyms.")
    var board = false

    func validate() throws {
        if options.classDir == nil { throw ValidationError("primer live needs --class DIR: the class whose learners take part") }
        if let seconds, !(5...3600).contains(seconds) { throw ValidationError("--seconds must be between 5 and 3600, not \(seconds)") }
    }

    func run() throws {
        let presetPath = preset, chosenSeed = seed, perQuestion = seconds, showsBoard = board
        try TUILauncher(options: options, lineMode: {
            throw PrimerError("primer live needs a terminal: it is a full-screen program")
        }, hostLive: { course, now in
            let preset = try PresetFile.load(presetPath, course: course)
            let exam = preset.makeSession(course: course, startedAt: now, seed: PresetFile.seed(preset, option: chosenSeed))
            let quiz = LiveQuiz.from(exam, id: UUID().uuidString, courseID: course.id, title: preset.title,
                                     preset: preset.title,
                                     secondsPerQuestion: perQuestion ?? LiveQuiz.secondsPerQuestion(timeLimit: preset.timeLimit,
                                                                                                   count: exam.items.count),
                                     showsBoard: showsBoard, at: now)
            return quiz
        }).run()
    }
}
