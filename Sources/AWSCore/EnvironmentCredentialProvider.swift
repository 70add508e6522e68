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
