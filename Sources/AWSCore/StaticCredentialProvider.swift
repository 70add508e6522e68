/// Fixed credentials, for tests and the local stack.
public struct StaticCredentialProvider: CredentialProvider {
    let value: AWSCredentials
    public init(_ value: AWSCredentials) { self.value = value }
    public func credentials() throws(CredentialError) -> AWSCredentials? { value }
}
