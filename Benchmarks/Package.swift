// swift-tools-version:6.0
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder: "main" in the lead's tree, something
// else in a clone. Taking the name from the folder lets any clone build the benchmarks.
let mainPackage = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()

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
            .product(name: "StudyCore", package: mainPackage),
            .product(name: "CourseFormat", package: mainPackage),
            .product(name: "LearnerStore", package: mainPackage),
            .product(name: "StudyServices", package: mainPackage),
            .product(name: "TerminalUI", package: mainPackage),
            .product(name: "PrimerApp", package: mainPackage),
            .product(name: "GRDB", package: "GRDB.swift"),
        ], path: "Sources/PrimerBench"),
        // The reference for startup and memory: the least a Swift program needs to draw one
        // ncurses screen (no Foundation), linked to ncursesw as the main package does.
        .systemLibrary(name: "CBenchNcursesw", pkgConfig: "ncursesw", providers: [.apt(["libncurses-dev"])]),
        .executableTarget(name: "minimal-ncurses", dependencies: ["CBenchNcursesw"], path: "Sources/MinimalNcurses"),
    ],
    swiftLanguageModes: [.v6]
)
