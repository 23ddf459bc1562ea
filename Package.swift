// swift-tools-version:6.0
import PackageDescription

// Dependencies point inward: StudyCore knows nothing of files or terminals;
// only NcursesTerminal touches curses, only LearnerStore touches SQLite,
// and the `primer` executable wires them together.
let package = Package(
    name: "primer",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "primer", targets: ["primer"]),
        // Libraries for the release benchmarks in Benchmarks/ (a separate package).
        .library(name: "StudyCore", targets: ["StudyCore"]),
        .library(name: "CourseFormat", targets: ["CourseFormat"]),
        .library(name: "LearnerStore", targets: ["LearnerStore"]),
        .library(name: "StudyServices", targets: ["StudyServices"]),
        .library(name: "TerminalUI", targets: ["TerminalUI"]),
        .library(name: "PrimerApp", targets: ["PrimerApp"]),
        .library(name: "TUIRuntime", targets: ["TUIRuntime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(name: "StudyCore"),
        .target(name: "CourseFormat", dependencies: ["StudyCore"]),
        .target(name: "LearnerStore", dependencies: [
            "StudyCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            // For sqlite3_wal_hook, which GRDB does not wrap (see `WALProgress`).
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ], exclude: ["EXPORT_FORMAT.md"]),
        // The study workflow over the store: grade, schedule, save. Shared by TUI and line mode.
        .target(name: "StudyServices", dependencies: ["StudyCore", "LearnerStore"]),
        .target(name: "TerminalUI"),
        .target(name: "PrimerApp", dependencies: ["StudyCore", "TerminalUI"]),
        // The interface's run loop: takes any Terminal and performs the app's effects on the store.
        .target(name: "TUIRuntime", dependencies: ["PrimerApp", "StudyServices", "StudyCore", "LearnerStore", "TerminalUI"]),
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw",
                       providers: [.apt(["libncurses-dev"])]),
        // Async-signal-safe terminal restore, in C because it runs inside signal handlers.
        .target(name: "CTerminalSafety", dependencies: ["CNcursesw"]),
        .target(name: "NcursesTerminal", dependencies: ["TerminalUI", "CNcursesw", "CTerminalSafety"]),
        // A child process for the kill tests: writes answers until it is SIGKILLed.
        .executableTarget(name: "StoreCrashWriter", dependencies: ["LearnerStore", "StudyCore"]),
        .executableTarget(name: "primer", dependencies: [
            "StudyCore", "CourseFormat", "LearnerStore", "StudyServices", "TerminalUI", "PrimerApp", "TUIRuntime", "NcursesTerminal",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "StudyCoreTests", dependencies: ["StudyCore"],
                    resources: [.copy("Resources")]),
        .testTarget(name: "CourseFormatTests", dependencies: ["CourseFormat", "StudyCore"]),
        .testTarget(name: "LearnerStoreTests", dependencies: ["LearnerStore", "StudyCore", .product(name: "GRDB", package: "GRDB.swift")],
                    resources: [.copy("Resources")]),
        .testTarget(name: "StudyServicesTests", dependencies: ["StudyServices", "LearnerStore", "StudyCore"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI"]),
        .testTarget(name: "PrimerAppTests", dependencies: ["PrimerApp", "StudyCore", "TerminalUI", "CourseFormat"]),
        // The real run loop and store driven through an in-memory terminal: whole flows, fast.
        .testTarget(name: "TUIRuntimeTests", dependencies: ["TUIRuntime", "PrimerApp", "StudyServices", "LearnerStore",
                                                            "StudyCore", "CourseFormat", "TerminalUI"]),
        .testTarget(name: "EndToEndTests", dependencies: ["CourseFormat", "StudyCore"]),
        // The command line's own code, imported from the executable.
        .testTarget(name: "PrimerCommandTests", dependencies: ["primer"]),
    ],
    swiftLanguageModes: [.v6]
)
