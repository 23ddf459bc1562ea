// swift-tools-version:6.0
import PackageDescription

// Release benchmarks for primer, kept out of the main build: a plain executable with
// its own small timing harness (see DECISIONS.md, "Benchmarks: own harness or ordo-one").
// Build and run everything with ./run.sh.
let package = Package(
    name: "primer-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
        // Same pin as the main package (GRDB is used directly only to generate large stores fast).
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .executableTarget(name: "primer-bench", dependencies: [
            .product(name: "StudyCore", package: "main"),
            .product(name: "CourseFormat", package: "main"),
            .product(name: "LearnerStore", package: "main"),
            .product(name: "StudyServices", package: "main"),
            .product(name: "TerminalUI", package: "main"),
            .product(name: "PrimerApp", package: "main"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ], path: "Sources/PrimerBench"),
        // The reference for startup and memory: the least a Swift program needs to draw one
        // ncurses screen (no Foundation), linked to ncursesw as the main package does.
        .systemLibrary(name: "CBenchNcursesw", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        .executableTarget(name: "minimal-ncurses", dependencies: ["CBenchNcursesw"], path: "Sources/MinimalNcurses"),
    ],
    swiftLanguageModes: [.v6]
)
