import XCTest
@testable import CourseFormat
import StudyCore

/// GIFT as Moodle documents it (docs.moodle.org/en/GIFT_format) and imports it
/// (question/format/gift/format.php): every construct primer can represent, parsed
/// into exactly the expected question.
final class GIFTParserTests: XCTestCase {
    /// Every construct primer imports. Line numbers are index + 1.
    static let everyConstruct = [
        "// A bank using every GIFT construct primer imports.",                  // 1
        "$CATEGORY: $course$/top/Geography/Capitals",                            // 2
        "",                                                                       // 3
        "::France capital::What is the capital of France? {=Paris ~Lyon ~Marseille}", // 4
        "",                                                                       // 5
        "::rivers::[markdown]Which of these are **rivers**? {",                   // 6
        "\t~%50%Danube # right, a river",                                         // 7
        "\t~%50%Rhine",                                                           // 8
        "\t~%-100%Alps # mountains",                                              // 9
        "}",                                                                      // 10
        "",                                                                       // 11
        "// true/false with feedback for a wrong and a right answer",             // 12
        "::tf-true::The Seine flows through Paris.{T#No, it does.#Yes.####The Seine crosses Paris.}", // 13
        "",                                                                       // 14
        "::tf-false::Lyon is the capital of France.{FALSE}",                      // 15
        "",                                                                       // 16
        "::escapes::Which one is written \\{a\\: b\\}?\\nPick one. {",            // 17
        "\t=1 \\= 1 \\# ok\\~",                                                   // 18
        "\t~2 \\\\ 2",                                                            // 19
        "\t####Braces \\{ \\} and a line\\nbreak.",                               // 20
        "}",                                                                      // 21
        "",                                                                       // 22
        "$CATEGORY: History",                                                     // 23
        "",                                                                       // 24
        "::html::[html]<p>Who wrote <b>Hamlet</b> &amp; <i>Macbeth</i>?</p>{",    // 25
        "\t=Shakespeare#<b>Yes</b>, &lt;him&gt;",                                 // 26
        "\t~Marlowe",                                                             // 27
        "}",                                                                      // 28
        "",                                                                       // 29
        "Grant is {~buried =entombed ~living} in Grant's tomb.",                  // 30
        "",                                                                       // 31
        "::spanning::A question",                                                 // 32
        "// a comment inside a question",                                         // 33
        "that spans",                                                             // 34
        "lines {",                                                                // 35
        "  =yes",                                                                 // 36
        "  ~no",                                                                  // 37
        "}",                                                                      // 38
        "",                                                                       // 39
        "",                                                                       // 40
        "::plain::[plain]Is <b> kept as typed? {TRUE}",                           // 41
        "   ",                                                                    // 42 (spaces only: blank)
        "::moodle::[moodle]Is F false?{F####It is.}",                             // 43
    ]

    func testEveryConstructParsesToTheExactModel() {
        let result = GIFTParser.parse(text(Self.everyConstruct))
        XCTAssertEqual(printed(result.messages), [])
        let capitals = ["Geography", "Capitals"]
        let expected: [BankQuestion] = [
            BankQuestion(line: 4, title: "France capital", category: capitals, kind: .single,
                         stem: "What is the capital of France?",
                         choices: [Choice("Paris", isCorrect: true), Choice("Lyon", isCorrect: false), Choice("Marseille", isCorrect: false)]),
            BankQuestion(line: 6, title: "rivers", category: capitals, kind: .multiple,
                         stem: "Which of these are **rivers**?",
                         choices: [Choice("Danube", isCorrect: true, feedback: "right, a river"),
                                   Choice("Rhine", isCorrect: true),
                                   Choice("Alps", isCorrect: false, feedback: "mountains")]),
            BankQuestion(line: 13, title: "tf-true", category: capitals, kind: .trueFalse,
                         stem: "The Seine flows through Paris.",
                         choices: [Choice("True", isCorrect: true, feedback: "Yes."), Choice("False", isCorrect: false, feedback: "No, it does.")],
                         explanation: "The Seine crosses Paris."),
            BankQuestion(line: 15, title: "tf-false", category: capitals, kind: .trueFalse,
                         stem: "Lyon is the capital of France.",
                         choices: [Choice("True", isCorrect: false), Choice("False", isCorrect: true)]),
            BankQuestion(line: 17, title: "escapes", category: capitals, kind: .single,
                         stem: "Which one is written {a: b}?\nPick one.",
                         choices: [Choice("1 = 1 # ok~", isCorrect: true), Choice("2 \\ 2", isCorrect: false)],
                         explanation: "Braces { } and a line break."),
            BankQuestion(line: 25, title: "html", category: ["History"], kind: .single,
                         stem: "Who wrote Hamlet & Macbeth?",
                         choices: [Choice("Shakespeare", isCorrect: true, feedback: "Yes, <him>"), Choice("Marlowe", isCorrect: false)]),
            BankQuestion(line: 30, title: nil, category: ["History"], kind: .single,
                         stem: "Grant is _____ in Grant's tomb.",
                         choices: [Choice("buried", isCorrect: false), Choice("entombed", isCorrect: true), Choice("living", isCorrect: false)]),
            BankQuestion(line: 32, title: "spanning", category: ["History"], kind: .single,
                         stem: "A question\nthat spans\nlines",
                         choices: [Choice("yes", isCorrect: true), Choice("no", isCorrect: false)]),
            BankQuestion(line: 41, title: "plain", category: ["History"], kind: .trueFalse,
                         stem: "Is <b> kept as typed?",
                         choices: [Choice("True", isCorrect: true), Choice("False", isCorrect: false)]),
            BankQuestion(line: 43, title: "moodle", category: ["History"], kind: .trueFalse,
                         stem: "Is F false?",
                         choices: [Choice("True", isCorrect: false), Choice("False", isCorrect: true)],
                         explanation: "It is."),
        ]
        XCTAssertEqual(result.questions.count, expected.count)
        for (actual, wanted) in zip(result.questions, expected) {
            XCTAssertEqual(actual, wanted, "question on line \(wanted.line)")
        }
    }

    /// Kinds primer cannot represent are reported one per line with the line the question
    /// starts on, and everything else is still imported.
    func testSkippedKindsAreReportedWithExactLines() {
        let bank = [
            "// kinds primer cannot represent",                        // 1
            "::num::When was Grant born? {#1822:5}",                    // 2
            "",                                                        // 3
            "::match::Which animal eats which food? {",                 // 4
            "  =cat -> cat food",                                      // 5
            "  =dog -> dog food",                                      // 6
            "}",                                                       // 7
            "",                                                        // 8
            "// short answer: only '=' answers",                        // 9
            "::short::Two plus two is {=four =4}.",                     // 10
            "",                                                        // 11
            "::essay::How are you? {}",                                 // 12
            "",                                                        // 13
            "::essay-with-feedback::Describe a river. {####Any river will do.}", // 14
            "",                                                        // 15
            "A description: just text, no answers.",                   // 16
            "",                                                        // 17
            "::kept::Is this one kept? {=yes ~no}",                     // 18
            "",                                                        // 19
            "::two-right::Pick a vowel {=a =e ~b}",                     // 20
            "",                                                        // 21
            "::lowercase-tf::Is lowercase true/false short answer? {true}", // 22
            "",                                                        // 23
            "::numeric-range::A number from 1 to 5? {#1..5}",          // 24
        ]
        let result = GIFTParser.parse(text(bank))
        XCTAssertEqual(printed(result.messages), [
            "bank.gift:2: skipped: numerical",
            "bank.gift:4: skipped: matching",
            "bank.gift:10: skipped: short answer",
            "bank.gift:12: skipped: essay",
            "bank.gift:14: skipped: essay",
            "bank.gift:16: skipped: description",
            "bank.gift:20: skipped: multiple choice with 2 fully right answers",
            "bank.gift:22: skipped: short answer",
            "bank.gift:24: skipped: numerical",
        ])
        XCTAssertEqual(result.questions.map(\.title), ["kept"])
        XCTAssertEqual(result.questions.first?.line, 18)
    }

    func testMalformedQuestionsAreErrorsAndTheRestIsImported() {
        let bank = [
            "::open::Where is the closing brace? {=here ~there",        // 1
            "",                                                        // 2
            "::close::No opening brace =here ~there}",                  // 3
            "",                                                        // 4
            "::one::Only one answer {~%100%alone ~}",                   // 5
            "",                                                        // 6
            "::dup::Duplicates {=Same ~same}",                          // 7
            "",                                                        // 8
            "::none-right::Multiple answer without a right one {~a ~b ~%-50%c}", // 9
            "",                                                        // 10
            "::two-blocks::First {=a ~b} then {=c ~d}",                 // 11
            "",                                                        // 12
            "::{=a ~b}",                                                // 13
            "",                                                        // 14
            "::fine::Still imported {=yes ~no}",                        // 15
            "",                                                        // 16
            "::reversed::Backwards } braces {=a ~b",                    // 17
        ]
        let result = GIFTParser.parse(text(bank))
        XCTAssertEqual(printed(result.messages), [
            "bank.gift:1: error: '{' is not closed with '}' (write \\{ for a literal brace)",
            "bank.gift:3: error: '}' without '{': the answers go between '{' and '}' (write \\} for a literal brace)",
            "bank.gift:5: error: an answer has no text",
            "bank.gift:7: error: answer 'same' is listed twice",
            "bank.gift:9: error: no answer is right: mark the right answer with '=', or give the right answers positive weights like '~%50%'",
            "bank.gift:11: error: more than one answer block '{…}'; a GIFT question has one (write \\{ and \\} for literal braces)",
            "bank.gift:13: warning: '::' opens a title that is not closed with '::'; read as having no title",
            "bank.gift:13: error: the question has no text before its answers",
            "bank.gift:17: error: '}' comes before '{': the answers go between '{' and '}' (write \\} for a literal brace)",
        ])
        XCTAssertEqual(result.questions.map(\.title), ["fine"])
    }

    func testPartialCreditInSingleChoiceIsAWarningAndCountsWrong() {
        let bank = [
            "::hometown::Jesus Christ was from {",
            "  ~Jerusalem#This was an important city, but the wrong answer.",
            "  ~%25%Bethlehem#He was born here, but not raised here.",
            "  ~%50%Galilee#You need to be more specific.",
            "  =Nazareth#Yes! That's right!",
            "}",
        ]
        let result = GIFTParser.parse(text(bank))
        XCTAssertEqual(printed(result.messages), [
            "bank.gift:3: warning: partial credit (25%) for 'Bethlehem' is not kept: primer counts it wrong",
            "bank.gift:4: warning: partial credit (50%) for 'Galilee' is not kept: primer counts it wrong",
        ])
        XCTAssertEqual(result.questions.first?.kind, .single)
        XCTAssertEqual(result.questions.first?.choices.map(\.isCorrect), [false, false, false, true])
        XCTAssertEqual(result.questions.first?.choices.last?.feedback, "Yes! That's right!")
    }

    /// Without any '=', a single positive weight still makes a multiple-answer question;
    /// decimal and negative weights are read as Moodle writes them.
    func testWeightsDecideCorrectnessInMultipleAnswer() {
        let bank = ["What two people are entombed in Grant's tomb? {",
                    "   ~%-100%No one", "   ~%50%Grant", "   ~%50%Grant's wife", "   ~%-33.33333%Grant's father", "   ~%100%%50% text", "}"]
        let q = GIFTParser.parse(text(bank)).questions.first
        XCTAssertEqual(q?.kind, .multiple)
        XCTAssertEqual(q?.choices.map(\.text), ["No one", "Grant", "Grant's wife", "Grant's father", "%50% text"])
        XCTAssertEqual(q?.choices.map(\.isCorrect), [false, true, true, false, true])
    }

    func testCategoryPaths() {
        typealias P = [String]
        func path(_ s: String) -> P {
            GIFTParser.parse("$CATEGORY: \(s)\n\nQ {=a ~b}").questions.first?.category ?? ["<none>"]
        }
        XCTAssertEqual(path("$course$/top/Unit 1/Cells"), ["Unit 1", "Cells"])
        XCTAssertEqual(path("$system$/Default"), ["Default"])
        XCTAssertEqual(path("top/x"), ["top", "x"], "'top' is dropped only after a $context$")
        XCTAssertEqual(path("Either//or/Next"), ["Either/or", "Next"])
        XCTAssertEqual(path("  Spaced  /  Out  "), ["Spaced", "Out"])
        XCTAssertEqual(path("Ratio\\: 1"), ["Ratio: 1"])
    }

    /// Lenient: a category line directly followed by a question (Moodle wants a blank line).
    func testCategoryLineFollowedByAQuestionWithoutABlankLine() {
        let result = GIFTParser.parse(text(["$CATEGORY: Unit", "::q::Question {=a ~b}", "", "::r::Next {=c ~d}"]))
        XCTAssertEqual(result.messages, [])
        XCTAssertEqual(result.questions.map(\.category), [["Unit"], ["Unit"]])
        XCTAssertEqual(result.questions.map(\.line), [2, 4])
    }

    /// Blank lines (also lines of spaces and tabs) separate questions; a question may
    /// span any number of lines; comments never end a question.
    func testBlankLinesSeparateQuestions() {
        let bank = ["::a::First", "{=1 ~2}", " \t ", "::b::Second", "// comment", "{", "=3", "~4", "}", "", "", "::c::Third {=5 ~6}"]
        let result = GIFTParser.parse(text(bank))
        XCTAssertEqual(result.messages, [])
        XCTAssertEqual(result.questions.map(\.title), ["a", "b", "c"])
        XCTAssertEqual(result.questions.map(\.line), [1, 4, 12])
        XCTAssertEqual(result.questions.map(\.stem), ["First", "Second", "Third"])
    }

    /// Windows line ends and a byte order mark are fine; control characters are removed
    /// (with a warning), since course files may not contain them.
    func testLineEndsAndControlCharacters() throws {
        let bytes = Array("\u{FEFF}::a::Bell\u{07} and \u{1B}[31mred\u{1B}[0m text {=yes\u{0B} ~no}\r\n\r\n::b::B {=1 ~2}\r\n".utf8)
        let text = try BankImport.decode(bytes)
        let result = GIFTParser.parse(text)
        XCTAssertEqual(printed(result.messages), ["bank.gift:1: warning: removed control characters, which course files do not allow"])
        XCTAssertEqual(result.questions.map(\.stem), ["Bell and red text", "B"])
        XCTAssertEqual(result.questions.first?.choices.first?.text, "yes")
        XCTAssertEqual(result.questions.map(\.line), [1, 3])
    }

    func testInvalidUTF8IsRejectedWithItsPosition() {
        XCTAssertThrowsError(try BankImport.decode(Array("ok\nbad ".utf8) + [0xC3, 0x28])) { error in
            XCTAssertEqual(error as? BankImport.Failure, .invalidUTF8(line: 2, column: 5))
        }
    }

    /// A bank exported by primer keeps what GIFT has no place for in comments.
    func testPrimerComments() {
        let bank = [
            "// primer-course: demo",
            "// primer-course-title: A demo course",
            "// primer-course-paragraphs: 9",
            "// primer-claim: C1 ¶2 ¶3: The first claim.",
            "// primer-theme: t1: Theme one",
            "",
            "// primer-lesson: l1: Lesson one",
            "// primer-lesson-order: l1: 3",
            "// primer-lesson-sources: l1: ¶2-¶4",
            "// primer-lesson-claims: l1: C1",
            "$CATEGORY: t1/l1",
            "",
            "// primer-claims: C1",
            "// primer-sources: ¶2",
            "// primer-shown: 3",
            "// primer-question-theme: t1",
            "::q1::Q {=a ~b ~c ~d}",
        ]
        let result = GIFTParser.parse(text(bank))
        XCTAssertEqual(result.messages, [])
        var expected = BankMetadata()
        expected.courseID = "demo"
        expected.title = "A demo course"
        expected.paragraphCount = 9
        expected.claims = [Claim(id: "C1", paragraphs: [2, 3], text: "The first claim.")]
        expected.themes = [("t1", "Theme one")]
        expected.lessons = ["l1": .init(title: "Lesson one", order: 3, sources: [2, 3, 4], claims: ["C1"])]
        XCTAssertEqual(result.metadata, expected)
        let q = result.questions.first
        XCTAssertEqual(q?.claims, ["C1"])
        XCTAssertEqual(q?.sources, [2])
        XCTAssertEqual(q?.shownCount, 3)
        XCTAssertEqual(q?.themeID, "t1")
    }

    /// What Moodle's own GIFT export looks like: a comment per question, the category in
    /// its own block, HTML text with escaped '=' and ':' inside tag attributes.
    func testMoodleExport() {
        let bank = [
            "// question: 0  name: Switch category to $course$/top/Default for Biology 101",   // 1
            "$CATEGORY: $course$/top/Default for Biology 101/Cells",                           // 2
            "",                                                                                // 3
            "",                                                                                // 4
            "// question: 4182  name: Nucleus",                                                // 5
            "::Nucleus::[html]<p dir\\=\"ltr\" style\\=\"text-align\\: left;\">What does the <strong>nucleus</strong> hold?<br></p>{", // 6
            "\t=<p dir\\=\"ltr\" style\\=\"text-align\\: left;\">DNA</p>#<p>Yes.</p>",        // 7
            "\t~%0%<p>Ribosomes only</p>",                                                     // 8
            "\t~<p>Nothing</p>#<p>It holds the DNA.</p>",                                     // 9
            "\t####<p>The nucleus holds the cell\\'s DNA.</p>",                              // 10
            "}",                                                                               // 11
            "",                                                                                // 12
            "// question: 4183  name: Membrane",                                               // 13
            "::Membrane::[html]Cells have a membrane.{TRUE#<p>They do.</p>#}",                 // 14
        ]
        let result = GIFTParser.parse(text(bank))
        XCTAssertEqual(result.messages, [])
        XCTAssertEqual(result.questions, [
            BankQuestion(line: 6, title: "Nucleus", category: ["Default for Biology 101", "Cells"], kind: .single,
                         stem: "What does the nucleus hold?",
                         choices: [Choice("DNA", isCorrect: true, feedback: "Yes."), Choice("Ribosomes only", isCorrect: false),
                                   Choice("Nothing", isCorrect: false, feedback: "It holds the DNA.")],
                         explanation: "The nucleus holds the cell\\'s DNA."),
            BankQuestion(line: 14, title: "Membrane", category: ["Default for Biology 101", "Cells"], kind: .trueFalse,
                         stem: "Cells have a membrane.",
                         choices: [Choice("True", isCorrect: true), Choice("False", isCorrect: false, feedback: "They do.")]),
        ])
    }
}
