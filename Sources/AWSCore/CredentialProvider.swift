/// Where credentials come from. Synchronous: every source used here is local (the environment
/// Lambda sets, or files on a laptop).
public protocol CredentialProvider: Sendable {
    /// The credentials, or `nil` when this source has none. Throws when the source exists but
    /// is unusable (half a key pair, a profile that needs a tool we do not run).
    func credentials() throws(CredentialError) -> AWSCredentials?
}
