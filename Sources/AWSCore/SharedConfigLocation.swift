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
