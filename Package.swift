// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "symposium-registrar",
    products: [
        .executable(name: "symposium-registrar", targets: ["symposium-registrar"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.5.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.1.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CX11",
            path: "Modules/CX11",
            pkgConfig: "xmu",
            providers: [.apt(["libx11-dev", "libxmu-dev", "libx11-xcb-dev", "libxcb-res0-dev"])]
        ),
        .systemLibrary(name: "CMalloc", path: "Modules/CMalloc"),
        .systemLibrary(
            name: "CSystemd",
            path: "Modules/CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        .target(name: "RegistrarProtocol"),
        .target(name: "Registrar", dependencies: ["RegistrarProtocol"]),
        .target(
            name: "X11Windows",
            dependencies: [
                "CX11",
                "Registrar",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "RegistrarClient",
            dependencies: [
                "Registrar",
                "RegistrarProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "RegistrarServer",
            dependencies: [
                "CMalloc",
                "CSystemd",
                "Registrar",
                "RegistrarClient",
                "RegistrarProtocol",
                "X11Windows",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .executableTarget(
            name: "symposium-registrar",
            dependencies: [
                "Registrar",
                "RegistrarClient",
                "RegistrarProtocol",
                "RegistrarServer",
                "X11Windows",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .target(
            name: "X11TestSupport",
            dependencies: [
                "X11Windows",
                "InProcessSupport",
                "Registrar",
                "RegistrarClient",
                "RegistrarServer",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Tests/X11TestSupport"
        ),
        .target(
            name: "InProcessSupport",
            dependencies: [
                "Registrar", "RegistrarClient", "RegistrarProtocol", "RegistrarServer", "X11Windows",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/InProcessSupport"
        ),
        .testTarget(name: "RegistrarTests", dependencies: ["Registrar", "RegistrarProtocol", "InProcessSupport"]),
        .testTarget(
            name: "DaemonCoreTests",
            dependencies: [
                "Registrar", "RegistrarClient", "RegistrarProtocol", "RegistrarServer", "X11Windows", "InProcessSupport",
                "symposium-registrar",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "RegistrarProtocolTests", dependencies: ["Registrar", "RegistrarProtocol"]),
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "Registrar", "RegistrarClient", "RegistrarProtocol", "RegistrarServer", "X11Windows", "X11TestSupport",
                "InProcessSupport",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .testTarget(
            name: "X11WindowsTests",
            dependencies: [
                "X11Windows",
                "Registrar",
                "X11TestSupport",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
