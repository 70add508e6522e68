#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process environment, read once, or a dictionary in tests.
///
/// Every setting the product reads goes through one of these, so tests build configurations
/// from literals instead of mutating the process. An empty value counts as unset, as the AWS
/// SDKs treat it.
public struct EnvironmentVariables: Sendable {
    private let values: [String: String]

    public init(_ values: [String: String]) {
        self.values = values
    }

    /// A snapshot of the current process environment.
    public static func process() -> EnvironmentVariables {
        var values: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let pair = String(cString: pointer)
            if let equals = pair.firstIndex(of: "=") {
                values[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            entry += 1
        }
        return EnvironmentVariables(values)
    }

    public subscript(name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// The user's home folder, where `~/.aws` lives.
    public var home: String? { self["HOME"] }

    /// `true`/`false` in any case; anything else is `nil`.
    public func bool(_ name: String) -> Bool? {
        switch self[name]?.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }
}
