/// A parsed `~/.aws/credentials` or `~/.aws/config` file: named sections of `key = value` pairs.
///
/// Parsed the way botocore's configparser reads them: `[section]` headers, `#` and `;` comment
/// lines, keys lower-cased, values trimmed; indented lines continue the previous key (the nested
/// `s3 =` style), and are kept with it rather than read as keys of their own.
struct SharedConfigFile: Sendable, Equatable {
    private(set) var sections: [String: [String: String]] = [:]

    init(text: String) {
        var section: String?
        var lastKey: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = rawLine.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if let first = rawLine.first, first == " " || first == "\t", let section, let key = lastKey {
                sections[section]?[key, default: ""] += "\n" + line
                continue
            }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                let name = String(line.dropFirst().dropLast()).trimmingWhitespace()
                section = name
                sections[name, default: [:]] = sections[name] ?? [:]
                lastKey = nil
                continue
            }
            guard let section, let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = String(line[..<separator]).trimmingWhitespace().lowercased()
            let value = String(line[line.index(after: separator)...]).trimmingWhitespace()
            sections[section]?[key] = value
            lastKey = key
        }
    }

    /// Reads the file at `path`; a missing or unreadable file is `nil`.
    static func load(path: String) -> SharedConfigFile? {
        guard let text = FileReader.text(at: path) else { return nil }
        return SharedConfigFile(text: text)
    }

    subscript(section: String) -> [String: String]? { sections[section] }

    /// The settings of a profile in the config file, where profiles other than `default` are
    /// written `[profile name]`.
    func configProfile(_ name: String) -> [String: String]? {
        name == "default" ? (sections["default"] ?? sections["profile default"]) : sections["profile \(name)"]
    }
}

/// Where the shared files are and which profile is selected, as the AWS CLI decides.
struct SharedConfigLocation: Sendable {
    var credentialsPath: String?
    var configPath: String?
    var profile: String
    /// Whether the profile was chosen explicitly (so a missing profile is an error, not a miss).
    var profileIsExplicit: Bool

    init(environment: EnvironmentVariables) {
        let home = environment.home
        credentialsPath = environment["AWS_SHARED_CREDENTIALS_FILE"] ?? home.map { "\($0)/.aws/credentials" }
        configPath = environment["AWS_CONFIG_FILE"] ?? home.map { "\($0)/.aws/config" }
        let explicit = environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"]
        profile = explicit ?? "default"
        profileIsExplicit = explicit != nil
    }

    func loadCredentialsFile() -> SharedConfigFile? { credentialsPath.flatMap(SharedConfigFile.load(path:)) }
    func loadConfigFile() -> SharedConfigFile? { configPath.flatMap(SharedConfigFile.load(path:)) }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
