/// An AWS region name such as `eu-west-2`, checked for shape so a typo fails early and clearly.
public struct AWSRegion: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    /// `nil` unless `name` looks like a region: lower-case words and a number, `us-gov-west-1`.
    public init?(_ name: String) {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3,
              parts.dropLast().allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= "a" && $0 <= "z" } }),
              let last = parts.last, !last.isEmpty, last.allSatisfy(\.isASCIIDigit)
        else { return nil }
        self.name = name
    }

    public var description: String { name }

    /// The DNS suffix of the region's partition.
    public var dnsSuffix: String { name.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com" }

    /// The region, as the AWS CLI picks it: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the
    /// profile's `region` in `~/.aws/config`. `nil` when none is set; throws when one is set
    /// but is not a region name.
    public static func resolve(environment: EnvironmentVariables) throws(ConfigurationError) -> AWSRegion? {
        let location = SharedConfigLocation(environment: environment)
        let candidates: [(String, () -> String?)] = [
            ("AWS_REGION", { environment["AWS_REGION"] }),
            ("AWS_DEFAULT_REGION", { environment["AWS_DEFAULT_REGION"] }),
            ("region in \(location.configPath ?? "~/.aws/config")", {
                location.loadConfigFile()?.configProfile(location.profile)?["region"]
            }),
        ]
        for (source, read) in candidates {
            guard let value = read() else { continue }
            guard let region = AWSRegion(value) else {
                throw ConfigurationError("\(source) is '\(value)', which is not an AWS region name (for example eu-west-2)")
            }
            return region
        }
        return nil
    }
}

extension Character {
    var isASCIIDigit: Bool { self >= "0" && self <= "9" }
}
