import Foundation
import Hummingbird
import LocalStack
import LocalStackServer
import NIOCore

/// connect-local: Amazon Connect, S3 and the Lambda Runtime API on loopback, in one process.
struct CommandLineOptions {
    static let usage = """
        usage: connect-local [--host 127.0.0.1] [--port 4566] [--config FILE] [--seed FILE]
                             [--no-verify-signatures] [--rate N] [--burst N] [--shared-throttle]
                             [--operation-rate OPERATION=N[/BURST]] [--function-timeout SECONDS]
                             [--search-lag-ms N] [--creation-lag-ms N] [--search-acw-unit milliseconds|seconds]
                             [--quota OPERATION=N] [--no-api-quotas] [--quotas-denied]
                             [--print-default-seed] [--print-default-config]

          --port 0 picks a free port; the first line printed says where it listens.
          --config  JSON configuration (see docs/LOCAL-STACK.md); the flags override it.
          --rate, --burst  each Connect operation's token bucket (default 2/s, burst 5).
          --shared-throttle  one bucket for every Connect operation instead of one each.
          --operation-rate  one operation's own bucket (repeatable): CreateUser=1 or CreateUser=1/5.
          --quota   an applied Service Quotas rate (repeatable): CreateUser=5 (AWS's scale; --rate scales it).
          --no-api-quotas  Service Quotas lists no Connect API rate (a function then paces at API_INTERVAL_MS).
          --quotas-denied  Service Quotas answers AccessDeniedException.
          --seed    JSON seed of Connect instances, profiles, hierarchy and users (default: built in).
        """

    var configuration = LocalStackConfiguration()
    var seedPath: String?

    /// Parses the arguments; prints and exits for `--help` and the `--print-*` flags.
    init(_ arguments: [String]) throws(UsageError) {
        var remaining = arguments[...]
        var overrides: [(inout LocalStackConfiguration) -> Void] = []
        func value(_ flag: String) throws(UsageError) -> String {
            guard let next = remaining.popFirst() else { throw UsageError("\(flag) needs a value") }
            return next
        }
        func number<T: LosslessStringConvertible>(_ flag: String, as type: T.Type) throws(UsageError) -> T {
            let text = try value(flag)
            guard let parsed = T(text) else { throw UsageError("\(flag) takes a number, not '\(text)'") }
            return parsed
        }
        while let argument = remaining.popFirst() {
            switch argument {
            case "--host": let host = try value(argument); overrides.append { $0.host = host }
            case "--port": let port = try number(argument, as: Int.self); overrides.append { $0.port = port }
            case "--config":
                let path = try value(argument)
                do { configuration = try LocalStackConfiguration.load(json: Data(contentsOf: URL(fileURLWithPath: path))) }
                catch { throw UsageError("cannot read the configuration \(path): \(error)") }
            case "--seed": seedPath = try value(argument)
            case "--no-verify-signatures": overrides.append { $0.verifySignatures = false }
            case "--rate": let rate = try number(argument, as: Double.self); overrides.append { $0.throttle.ratePerSecond = rate }
            case "--burst": let burst = try number(argument, as: Double.self); overrides.append { $0.throttle.burst = burst }
            case "--shared-throttle": overrides.append { $0.throttleScope = .shared }
            case "--operation-rate":
                let text = try value(argument)
                let parts = text.split(separator: "=")
                let numbers = parts.count == 2 ? parts[1].split(separator: "/").map { Double($0) } : []
                guard parts.count == 2, (1...2).contains(numbers.count), let rate = numbers[0] else {
                    throw UsageError("--operation-rate takes OPERATION=RATE or OPERATION=RATE/BURST, not '\(text)'")
                }
                let name = String(parts[0])
                let burst = numbers.count == 2 ? numbers[1] : nil
                guard numbers.count == 1 || burst != nil else { throw UsageError("--operation-rate: '\(text)' has a burst that is not a number") }
                overrides.append { $0.operationThrottles[name] = TokenBucket.Settings(ratePerSecond: rate, burst: burst ?? $0.throttle.burst) }
            case "--function-timeout":
                let seconds = try number(argument, as: Int.self); overrides.append { $0.lambda.timeoutSeconds = seconds }
            case "--search-lag-ms": let lag = try number(argument, as: Int.self); overrides.append { $0.connect.searchLagMs = lag }
            case "--creation-lag-ms": let lag = try number(argument, as: Int.self); overrides.append { $0.connect.creationLagMs = lag }
            case "--search-acw-unit":
                let text = try value(argument)
                guard let unit = AfterContactWorkReading(rawValue: text) else {
                    throw UsageError("--search-acw-unit takes milliseconds or seconds, not '\(text)'")
                }
                overrides.append { $0.connect.searchChannelAfterContactWorkUnit = unit }
            case "--quota":
                let text = try value(argument)
                let parts = text.split(separator: "=")
                guard parts.count == 2, let rate = Double(parts[1]), rate > 0 else {
                    throw UsageError("--quota takes OPERATION=RATE, not '\(text)'")
                }
                let name = String(parts[0])
                overrides.append { $0.serviceQuotas.applied[name] = rate }
            case "--no-api-quotas": overrides.append { $0.serviceQuotas.published = false }
            case "--quotas-denied": overrides.append { $0.serviceQuotas.denied = true }
            case "--print-default-seed":
                print(ConnectSeed.defaultSeedJSON)
                exit(0)
            case "--print-default-config":
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: (try? encoder.encode(LocalStackConfiguration())) ?? Data(), as: UTF8.self))
                exit(0)
            case "-h", "--help":
                print(Self.usage)
                exit(0)
            default:
                throw UsageError("unknown argument '\(argument)'")
            }
        }
        for apply in overrides { apply(&configuration) }
    }

    func seed() throws(UsageError) -> ConnectSeed {
        guard let seedPath else { return .defaultSeed }
        do { return try ConnectSeed.decode(Array(Data(contentsOf: URL(fileURLWithPath: seedPath)))) }
        catch { throw UsageError("cannot read the seed \(seedPath): \(error)") }
    }
}

struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

func fail(_ message: String, status: Int32 = 2) -> Never {
    FileHandle.standardError.write(Data("connect-local: \(message)\n".utf8))
    exit(status)
}

let options: CommandLineOptions
let app: LocalStackApp
do {
    options = try CommandLineOptions(Array(CommandLine.arguments.dropFirst()))
    app = try LocalStackApp(configuration: options.configuration, seed: options.seed())
} catch let error as UsageError {
    fail("\(error.message)\n\(CommandLineOptions.usage)")
} catch {
    fail("the seed is not usable: \(error)")
}

let host = options.configuration.host
let requestedPort = options.configuration.port
let server = Application(
    responder: LocalStackResponder(app: app),
    configuration: .init(address: .hostname(host, port: requestedPort), serverName: "connect-local"),
    onServerRunning: { channel in
        let port = channel.localAddress?.port ?? requestedPort
        let shown = host.contains(":") ? "[\(host)]" : host
        // The first line says where it listens: scripts and tests read the port from it.
        FileHandle.standardOutput.write(Data("connect-local listening on http://\(shown):\(port)\n".utf8))
    })
// Invocations whose deadline passed are offered again even when no runtime is polling.
let watchdog = Task {
    while !Task.isCancelled {
        try? await Task.sleep(for: .milliseconds(100))
        app.lambda.checkDeadlines()
    }
}
do {
    // No graceful shutdown: the state lives in memory and a stopped function's long poll would
    // hold a graceful shutdown open forever. SIGTERM and SIGINT end the process at once, with
    // status 0 (a stop that was asked for).
    signal(SIGTERM) { _ in _exit(0) }
    signal(SIGINT) { _ in _exit(0) }
    try await server.runService(gracefulShutdownSignals: [])
} catch {
    fail("\(error)", status: 1)
}
watchdog.cancel()
