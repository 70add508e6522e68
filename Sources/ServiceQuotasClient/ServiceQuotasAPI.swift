/// The two Service Quotas reads this product makes: a service's quotas as applied to the
/// account, and AWS's defaults for them.
///
/// The seam between the bulk engine and the network: `ServiceQuotasHTTPClient` is the real
/// one (AWS JSON 1.1, SigV4 over libcurl, never paced by Connect's lanes); tests pass in-memory
/// ones. Both return every page. Errors are `AWSError` (`AccessDeniedException` when the role
/// may not read them) or `TransportError`, after the client's retries, or a
/// `ServiceQuotasClientError` for an answer that cannot be read.
package protocol ServiceQuotasAPI: Sendable {
    /// ListServiceQuotas: the applied values (a quota with no applied value is left out).
    func listServiceQuotas(serviceCode: String) async throws -> [ServiceQuota]
    /// ListAWSDefaultServiceQuotas: AWS's default values, which reflect no increase.
    func listAWSDefaultServiceQuotas(serviceCode: String) async throws -> [ServiceQuota]
}
