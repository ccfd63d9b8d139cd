// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "crmpipe",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "crmpipe", targets: ["crmpipe"]),
    .executable(name: "crmpipe-fuzz", targets: ["crmpipe-fuzz"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
  ],
  targets: [
    // C libraries from Debian packages: a module map and a shim header each.
    .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
    .systemLibrary(name: "CCSV", path: "Sources/CCSV"),
    .systemLibrary(name: "CXLSXWriter", path: "Sources/CXLSXWriter"),
    // mimalloc (Debian libmimalloc-dev) replaces glibc's malloc for the whole process once
    // linked: Swift strings and arrays allocate on every row, and glibc's free lists took a
    // tenth of an import's CPU. The executable also turns on its large pages (see README,
    // "Development").
    .systemLibrary(name: "CMimalloc", path: "Sources/CMimalloc"),

    // libphonenumber (C++) behind a plain C header; only PhoneBridge imports it.
    .target(
      name: "CPhoneNumber",
      linkerSettings: [.linkedLibrary("phonenumber"), .linkedLibrary("stdc++")]),

    // The only importers of the shims.
    .target(name: "SQLiteBridge", dependencies: ["CSQLite"]),
    .target(name: "CSVBridge", dependencies: ["CCSV"]),
    .target(name: "XLSXBridge", dependencies: ["CXLSXWriter"]),
    .target(name: "PhoneBridge", dependencies: ["CPhoneNumber", "PipelineModel"]),

    .target(name: "PipelineModel"),
    .target(
      name: "PipelineConfig",
      dependencies: ["PipelineModel", .product(name: "Yams", package: "Yams")]),
    .target(
      name: "Warehouse",
      dependencies: ["PipelineModel", "SQLiteBridge"]),
    .target(
      name: "Reports",
      dependencies: ["PipelineModel", "Warehouse", "XLSXBridge"]),
    .target(
      name: "Stages",
      dependencies: [
        "PipelineModel", "PipelineConfig", "Warehouse", "Reports", "CSVBridge", "PhoneBridge",
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    .executableTarget(
      name: "crmpipe",
      dependencies: [
        "PipelineModel", "PipelineConfig", "Stages", "CMimalloc",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .target(
      name: "PipelineTestSupport",
      dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
    // Fuzz targets for the parsers of untrusted input: see scripts/fuzz.sh.
    .executableTarget(name: "crmpipe-fuzz", dependencies: ["Stages"]),
    .testTarget(
      name: "crmpipeTests",
      dependencies: [
        "crmpipe", "PipelineModel", "PipelineConfig", "Warehouse", "Stages", "Reports",
        "SQLiteBridge", "CSVBridge", "XLSXBridge", "PhoneBridge", "PipelineTestSupport",
        .product(name: "Yams", package: "Yams"),
      ],
      exclude: ["Fixtures"]),
  ],
  swiftLanguageModes: [.v6],
  cxxLanguageStandard: .cxx17
)
