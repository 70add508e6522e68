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
