@testable import AWSCore
import CurlTransport
import Foundation
import TestSupport
import Testing

/// What libcurl actually puts on the wire must carry a signature that AWS would accept: the
/// server side of SigV4 rebuilds the canonical request from the received method, path, query
/// and the headers named in `SignedHeaders`. botocore signs exactly that, and must agree.
@Suite(.timeLimit(.minutes(1))) struct WireSigningTests {
    static let credentials = AWSCredentials(
        accessKeyID: "ASIAQEXAMPLE0000000", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        sessionToken: "IQoJb3JpZ2luX2VjE/+token==")
    static let moment = Date(timeIntervalSince1970: 1_764_000_000)

    @Test func signaturesSurviveTheTransport() async throws {
        let server = try LoopbackHTTPServer(.respond { _ in TransportResponse(status: 200, body: Array("{}".utf8)) })
        defer { server.stop() }
        let region = AWSRegion("eu-west-2")!
        let environment = EnvironmentVariables(["AWS_ENDPOINT_URL": server.baseURL])
        let transport = CurlHTTPClient()
        func client(_ service: AWSService) throws -> AWSClient {
            AWSClient(service: service, region: region,
                      endpoint: try AWSEndpoint.resolve(service: service, region: region, environment: environment),
                      credentials: Self.credentials, transport: transport, time: ImmediateClock(startMs: Int64(Self.moment.timeIntervalSince1970) * 1000),
                      traceID: { "Root=1-67891233-abcdef012345678912345678" })
        }
        let s3 = try client(.s3)
        let connect = try client(.connect)
        let key = "create/my file+1 (ü)/./../x=y~%.csv"
        _ = try await s3.send(TransportRequest(method: .PUT, url: s3.endpoint.s3URL(bucket: "agents", key: key),
                                          headers: ["Content-Type": "text/csv"], body: Array("a,b\n1,2\n".utf8)),
                              operation: "PutObject")
        _ = try await s3.send(TransportRequest(method: .GET, url: s3.endpoint.s3URL(
            bucket: "agents", query: [("list-type", "2"), ("prefix", "create/a b"), ("continuation-token", "x+/=")])),
                              operation: "ListObjectsV2")
        let instance = "6f3a1d2e-0b5c-4c8e-9f0a-1b2c3d4e5f60"
        _ = try await connect.send(TransportRequest(
            method: .POST, url: connect.endpoint.url(path: "/users/\(instance)/u-1/identity-info"),
            headers: ["Content-Type": "application/json"], body: Array(#"{"IdentityInfo":{"FirstName":"Zoë"}}"#.utf8)),
                                   operation: "UpdateUserIdentityInfo")
        _ = try await connect.send(TransportRequest(method: .GET, url: connect.endpoint.url(
            path: "/users-summary/\(instance)", query: [("maxResults", "1000"), ("nextToken", "a/b+c==")])),
                                   operation: "ListUsers")

        let received = server.requests
        #expect(received.count == 4)
        #expect(received.first?.path == "/agents/create/my%20file%2B1%20%28%C3%BC%29/./../x%3Dy~%25.csv")
        let cases = received.map { request -> SigV4SignerTests.OracleCase in
            let authorization = request.headers.first(name: "Authorization") ?? ""
            let signedNames = authorization.firstRange(of: "SignedHeaders=").map {
                authorization[$0.upperBound...].prefix { $0 != "," }.split(separator: ";").map(String.init)
            } ?? []
            let isS3 = authorization.contains("/s3/aws4_request")
            return SigV4SignerTests.OracleCase(
                flavor: isS3 ? "s3" : "standard", method: request.method, url: server.baseURL + request.path,
                headers: request.headers.fields.filter { signedNames.contains($0.name.lowercased()) }.map { [$0.name, $0.value] },
                bodyBase64: Data(request.body).base64EncodedString(),
                accessKeyID: Self.credentials.accessKeyID, secretAccessKey: Self.credentials.secretAccessKey,
                sessionToken: Self.credentials.sessionToken, region: region.name, service: isS3 ? "s3" : "connect",
                time: Int(Self.moment.timeIntervalSince1970))
        }
        let expected = try PythonOracle.run(script: "sigv4_oracle.py", input: cases, as: [SigV4SignerTests.OracleResult].self)
        for (request, reference) in zip(received, expected) {
            #expect(request.headers.first(name: "Authorization") == reference.headers["Authorization"],
                    "\(request.method) \(request.path)\nbotocore's canonical request:\n\(reference.canonicalRequest)")
            #expect(request.headers.first(name: "X-Amzn-Trace-Id") == "Root=1-67891233-abcdef012345678912345678")
        }
        #expect(transport.connectionsOpened == 1)
    }
}
