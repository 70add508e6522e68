/// Where credentials come from. Synchronous: every source used here is local (the environment
/// Lambda sets, or files on a laptop).
public protocol CredentialProvider: Sendable {
    /// The credentials, or `nil` when this source has none. Throws when the source exists but
    /// is unusable (half a key pair, a profile that needs a tool we do not run).
    func credentials() throws(CredentialError) -> AWSCredentials?
}

/// Why no usable credentials were found, in words a person can act on. Never holds a secret.
public struct CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, as Lambda sets them.
public struct EnvironmentCredentialProvider: CredentialProvider {
    let environment: EnvironmentVariables

    public init(environment: EnvironmentVariables) {
        self.environment = environment
    }

    public func credentials() throws(CredentialError) -> AWSCredentials? {
        let keyID = environment["AWS_ACCESS_KEY_ID"]
        let secret = environment["AWS_SECRET_ACCESS_KEY"]
        switch (keyID, secret) {
        case (nil, nil):
            return nil
        case (let keyID?, let secret?):
            // AWS_SECURITY_TOKEN is the older name some tools still set.
            let token = environment["AWS_SESSION_TOKEN"] ?? environment["AWS_SECURITY_TOKEN"]
            return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token)
        case (nil, _):
            throw CredentialError("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not: set both, or neither to use ~/.aws/credentials")
        case (_, nil):
            throw CredentialError("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not: set both, or neither to use ~/.aws/credentials")
        }
    }
}

/// Static keys from `~/.aws/credentials`, then `~/.aws/config`, for the profile named by
/// `AWS_PROFILE` (or `default`), with `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE`
/// moving the files, as the AWS CLI reads them.
public struct SharedFileCredentialProvider: CredentialProvider {
    let location: SharedConfigLocation

    public init(environment: EnvironmentVariables) {
        location = SharedConfigLocation(environment: environment)
    }

    public func credentials() throws(CredentialError) -> AWSCredentials? {
        let profile = location.profile
        let fromCredentialsFile = location.loadCredentialsFile()?[profile]
        let fromConfigFile = location.loadConfigFile()?.configProfile(profile)
        guard fromCredentialsFile != nil || fromConfigFile != nil else {
            guard location.profileIsExplicit else { return nil }
            throw CredentialError("""
                AWS profile '\(profile)' (from AWS_PROFILE) is in neither \(location.credentialsPath ?? "~/.aws/credentials") nor \
                \(location.configPath ?? "~/.aws/config")
                """)
        }
        for settings in [fromCredentialsFile, fromConfigFile].compactMap({ $0 }) {
            if let keyID = settings["aws_access_key_id"], let secret = settings["aws_secret_access_key"],
               !keyID.isEmpty, !secret.isEmpty {
                return AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: settings["aws_session_token"])
            }
        }
        let settings = (fromConfigFile ?? [:]).merging(fromCredentialsFile ?? [:]) { $1 }
        if let kind = ["sso_session", "sso_start_url", "role_arn", "credential_process", "web_identity_token_file"]
            .first(where: { settings[$0] != nil }) {
            throw CredentialError("""
                AWS profile '\(profile)' gets its credentials through \(kind), which this tool does not run: export static credentials first, for \
                example with `eval \"$(aws configure export-credentials --profile \(profile) --format env)\"`
                """)
        }
        throw CredentialError("AWS profile '\(profile)' has no aws_access_key_id and aws_secret_access_key")
    }
}

/// The first source that has credentials: the environment, then the shared files.
public struct DefaultCredentialProvider: CredentialProvider {
    let sources: [any CredentialProvider]

    public init(environment: EnvironmentVariables) {
        sources = [EnvironmentCredentialProvider(environment: environment),
                   SharedFileCredentialProvider(environment: environment)]
    }

    public func credentials() throws(CredentialError) -> AWSCredentials? {
        for source in sources {
            if let found = try source.credentials() { return found }
        }
        return nil
    }

    /// The credentials, or an error that says how to provide them.
    public func require() throws(CredentialError) -> AWSCredentials {
        guard let found = try credentials() else {
            throw CredentialError("""
                No AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (Lambda sets them for the function), or add a profile to \
                ~/.aws/credentials and select it with AWS_PROFILE
                """)
        }
        return found
    }
}

/// Fixed credentials, for tests and the local stack.
public struct StaticCredentialProvider: CredentialProvider {
    let value: AWSCredentials
    public init(_ value: AWSCredentials) { self.value = value }
    public func credentials() throws(CredentialError) -> AWSCredentials? { value }
}
