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
