import AWSCore
import HTTPTypes
import Hummingbird
import LocalStack
import NIOCore

/// Adapts Hummingbird's requests and responses to the local stack's, and nothing more.
package struct LocalStackResponder: HTTPResponder {
    package typealias Context = LocalStackRequestContext
    let app: LocalStackApp

    package init(app: LocalStackApp) { self.app = app }

    package func respond(to request: Request, context: Context) async throws -> Response {
        let target = request.head.path ?? "/"
        let questionMark = target.firstIndex(of: "?")
        var headers = HTTPHeaders()
        // swift-http-types moves Host into the :authority pseudo-header; SigV4 signs it as Host.
        if let authority = request.head.authority { headers.add(name: "Host", value: authority) }
        for field in request.headers { headers.add(name: field.name.rawName, value: field.value) }
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let local = LocalRequest(
            method: request.method.rawValue,
            path: String(questionMark.map { target[..<$0] } ?? target[...]),
            rawQuery: questionMark.map { String(target[target.index(after: $0)...]) } ?? "",
            headers: headers, body: Array(buffer: body))
        switch await app.respond(to: local) {
        case .reset:
            try? await context.channel.close()
            throw ConnectionResetByFault()
        case .respond(let response):
            var fields = HTTPFields()
            for field in response.headers {
                if let name = HTTPField.Name(field.name) { fields.append(HTTPField(name: name, value: field.value)) }
            }
            return Response(status: .init(code: response.status), headers: fields,
                            body: .init(byteBuffer: ByteBuffer(bytes: response.body)))
        }
    }
}
