import AWSCore
import ConnectClient

/// The function's settings, from its environment (see the configuration table in README.md).
/// Every problem is said so that the person deploying it can fix it.
package struct FunctionConfiguration: Sendable, Equatable {
    package var instanceARN: AWSARN
    /// The instance id: the last part of the ARN.
    package var instanceID: String
    package var region: AWSRegion
    /// Retries after the first attempt, for transient failures.
    package var numberOfRetries: Int
    /// The pace of Connect calls: one call per interval, in each operation's lane.
    package var apiInterval: Duration
    /// `delete/`: a file that would delete more users than this is refused whole, before any
    /// call (the guard against dropping a whole export into `delete/`).
    package var maxDeletesPerFile: Int
    /// The bucket a scheduled export writes to (`BUCKET_NAME`; the template sets it). An S3
    /// event names its bucket itself.
    package var bucket: String?
    /// Operations whose lane goes at another rate (`API_RATES`), for accounts whose quota for
    /// them is raised.
    package var apiRates: [String: LaneSettings] = [:]
    /// The largest input file a job reads: a twentieth of the function's memory
    /// (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, which Lambda sets; 256 MB, the template's, when
    /// absent). A run holds the file, its rows, their plans and the ledger at once: 13 times the
    /// file at its peak, measured (docs/PERFORMANCE.md, "What it spends"), so a file at the
    /// limit peaks at two thirds of the memory, and a larger one, which Lambda would stop
    /// half-way with nothing said, is refused instead, before it is read.
    package var maxInputBytes = FunctionConfiguration.defaultMaxInputBytes

    package static let retryRange = 0...10
    package static let intervalRange = 0...60_000
    package static let defaultMaxDeletesPerFile = 500
    package static let maxDeletesRange = 0...1_000_000
    package static let defaultMemoryMB = 256
    /// The memory Lambda allows a function, in MB.
    package static let memoryRange = 128...10_240

    /// A twentieth of `memoryMB` megabytes (MiB, as Lambda counts them).
    package static func maxInputBytes(memoryMB: Int) -> Int { memoryMB * 1_048_576 / 20 }
    package static let defaultMaxInputBytes: Int = FunctionConfiguration.maxInputBytes(memoryMB: FunctionConfiguration.defaultMemoryMB)

    package init(environment: EnvironmentVariables) throws(ConfigurationError) {
        guard let text = environment["CONNECT_INSTANCE_ARN"] else {
            throw ConfigurationError("""
                CONNECT_INSTANCE_ARN is not set: set it to the instance's ARN, for example \
                arn:aws:connect:us-east-1:123456789012:instance/6f3a1d2e-0b5c-4c8e-9f0a-1b2c3d4e5f60
                """)
        }
        guard let arn = AWSARN(text), arn.service == "connect", !arn.region.isEmpty,
              arn.account.count == 12, arn.account.allSatisfy(\.isASCIIDigit),
              arn.resource.hasPrefix("instance/"), Self.isInstanceID(arn.resource.dropFirst("instance/".count))
        else {
            throw ConfigurationError("""
                CONNECT_INSTANCE_ARN is '\(text)', which is not an Amazon Connect instance ARN: copy it from the instance's overview page in the \
                Amazon Connect console (arn:aws:connect:<region>:<12-digit account>:instance/<instance id, a UUID>)
                """)
        }
        instanceARN = arn
        instanceID = String(arn.resource.dropFirst("instance/".count))
        if let fromEnvironment = try AWSRegion.resolve(environment: environment) {
            region = fromEnvironment
        } else if let fromARN = arn.awsRegion {
            region = fromARN
        } else {
            throw ConfigurationError("no AWS region: set AWS_REGION (Lambda sets it) or use a CONNECT_INSTANCE_ARN that names one")
        }
        numberOfRetries = try Self.integer(environment, "NUMBER_OF_RETRIES", default: 3, in: Self.retryRange)
        bucket = environment["BUCKET_NAME"].map { $0.trimmingCharacters(in: " \t") }.flatMap { $0.isEmpty ? nil : $0 }
        apiInterval = .milliseconds(try Self.integer(environment, "API_INTERVAL_MS", default: 600, in: Self.intervalRange))
        maxDeletesPerFile = try Self.integer(environment, "MAX_DELETES_PER_FILE", default: Self.defaultMaxDeletesPerFile,
                                             in: Self.maxDeletesRange)
        if let text = environment["API_RATES"] { apiRates = try Self.rates(text) }
        // Lambda's own variable: a value it would not set is not the person's to fix, so the
        // default stands rather than the function failing to start.
        if let memory = environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"].flatMap({ Int($0) }), Self.memoryRange.contains(memory) {
            maxInputBytes = Self.maxInputBytes(memoryMB: memory)
        }
    }

    /// Every lane's settings: `apiInterval` for each operation, unless `apiRates` names it.
    package var laneDefaults: LaneSettings { LaneSettings(interval: apiInterval) }

    package static let rateRange = 0.01...1000.0
    package static let burstRange = 1...100

    /// `API_RATES`: `Operation=rate[/burst]`, comma-separated (`DescribeUser=10,ListUsers=10/5`),
    /// rate in requests a second as the Service Quotas console shows it.
    static func rates(_ text: String) throws(ConfigurationError) -> [String: LaneSettings] {
        var rates: [String: LaneSettings] = [:]
        let example = """
            for example DescribeUser=10,ListUsers=10 (requests a second, as Service Quotas shows each API's rate; an optional /burst after the rate)
            """
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let entry = String(item).trimmingCharacters(in: " \t")
            if entry.isEmpty && text.trimmingCharacters(in: " \t").isEmpty { continue }
            let parts = entry.split(separator: "=", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw ConfigurationError("""
                    API_RATES has '\(entry)', which is not Operation=rate: write each as the API's name, '=' and its rate, \(example)
                    """)
            }
            let name = String(parts[0]).trimmingCharacters(in: " \t")
            guard let first = name.first, first.isASCII, first.isUppercase, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw ConfigurationError("""
                    API_RATES names '\(name)', which is not a Connect API name: use the operation's name as the API Reference spells it, \(example)
                    """)
            }
            guard ConnectOperation(rawValue: name) != nil else { throw unknownOperation(name) }
            guard rates[name] == nil else {
                throw ConfigurationError("API_RATES names \(name) twice: give each API one rate")
            }
            let value = parts[1].split(separator: "/", omittingEmptySubsequences: false).map { String($0).trimmingCharacters(in: " \t") }
            guard value.count <= 2, let rate = Double(value[0]), rate.isFinite, rateRange.contains(rate) else {
                throw ConfigurationError("""
                    API_RATES gives \(name) the rate '\(parts[1])': it must be a number of requests a second from \(rateRange.lowerBound) to \
                    \(Int(rateRange.upperBound)), \(example)
                    """)
            }
            var burst = 1
            if value.count == 2 {
                guard let given = Int(value[1]), burstRange.contains(given) else {
                    throw ConfigurationError("""
                        API_RATES gives \(name) the burst '\(value[1])': it must be a whole number from \(burstRange.lowerBound) to \
                        \(burstRange.upperBound)
                        """)
                }
                burst = given
            }
            rates[name] = LaneSettings(ratePerSecond: rate, burst: burst)
        }
        return rates
    }

    /// A name in `API_RATES` that is no operation this function calls would pace nothing, in
    /// silence: refused at start-up with the operation the person most likely meant.
    static func unknownOperation(_ name: String) -> ConfigurationError {
        let names = ConnectOperation.allCases.map(\.rawValue)
        let lowered = Array(name.lowercased())
        let closest = Suggestion.closest(to: name, among: names)
            ?? names.min { Suggestion.distance(lowered, Array($0.lowercased())) < Suggestion.distance(lowered, Array($1.lowercased())) }!
        return ConfigurationError("""
            API_RATES names \(name), which is not an operation this function calls: did you mean \(closest)? (The operations: \
            \(names.joined(separator: ", ")).)
            """)
    }

    /// Instance ids are UUIDs (`6f3a1d2e-0b5c-4c8e-9f0a-1b2c3d4e5f60`).
    static func isInstanceID(_ text: Substring) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }

    static func integer(_ environment: EnvironmentVariables, _ name: String,
                        default value: Int, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let text = environment[name] else { return value }
        guard let number = Int(text.trimmingCharacters(in: " \t")), range.contains(number) else {
            throw ConfigurationError("\(name) is '\(text)': it must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let skip = Set(set)
        guard let start = firstIndex(where: { !skip.contains($0) }), let end = lastIndex(where: { !skip.contains($0) }) else { return "" }
        return String(self[start...end])
    }
}
