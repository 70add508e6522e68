#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import AWSCore

/// `ServiceQuotasAPI` over AWS JSON 1.1: `POST /` with `X-Amz-Target:
/// ServiceQuotasV20190624.<Operation>`, SigV4-signed for `servicequotas` and retried by the
/// `AWSClient` (botocore `service-quotas/2019-06-24` is the reference for members and paging).
/// Reads only, so an unreadable answer is sent again like a 5xx.
package struct ServiceQuotasHTTPClient: ServiceQuotasAPI {
    package let client: AWSClient

    /// The model's `MaxResults` maximum: fewest pages.
    package static let pageSize = 100
    /// Pages a listing may take before it is said to be endless (a token that never ends):
    /// a service has a few hundred quotas at most.
    package static let maxPages = 100
    static let targetPrefix = "ServiceQuotasV20190624"

    /// - Parameter client: an `AWSClient` for `.serviceQuotas`.
    package init(client: AWSClient) {
        precondition(client.service == .serviceQuotas, "ServiceQuotasHTTPClient needs an AWSClient for Service Quotas, not \(client.service.id)")
        self.client = client
    }

    package func listServiceQuotas(serviceCode: String) async throws -> [ServiceQuota] {
        try await list("ListServiceQuotas", serviceCode: serviceCode)
    }

    package func listAWSDefaultServiceQuotas(serviceCode: String) async throws -> [ServiceQuota] {
        try await list("ListAWSDefaultServiceQuotas", serviceCode: serviceCode)
    }

    struct ListRequest: Encodable {
        var ServiceCode: String
        var NextToken: String?
        var MaxResults: Int
    }

    struct ListPage: Decodable {
        var NextToken: String?
        var Quotas: [ServiceQuota]?
    }

    /// Every page of `operation`, in order.
    private func list(_ operation: String, serviceCode: String) async throws -> [ServiceQuota] {
        var quotas: [ServiceQuota] = []
        var token: String?
        for _ in 0..<Self.maxPages {
            let body = Array(try JSONEncoder().encode(ListRequest(ServiceCode: serviceCode, NextToken: token, MaxResults: Self.pageSize)))
            let request = TransportRequest(method: .POST, url: client.endpoint.url(path: "/"), headers: [
                "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "\(Self.targetPrefix).\(operation)",
            ], body: body)
            let page = try await client.send(request, operation: operation, retryUnreadable: true) { response, _ in
                do {
                    return try JSONDecoder().decode(ListPage.self, from: Data(response.body))
                } catch {
                    throw ServiceQuotasClientError(operation: operation, message: """
                        the \(response.status) response is not the JSON the model describes
                        """)
                }
            }
            quotas += page.Quotas ?? []
            guard let next = page.NextToken, !next.isEmpty else { return quotas }
            token = next
        }
        throw ServiceQuotasClientError(operation: operation, message: "still more pages after \(Self.maxPages): the listing does not end")
    }
}
