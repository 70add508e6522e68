import AWSCore

/// `ObjectStore` over S3's REST-XML API: SigV4-signed (S3 flavour), retried by the `AWSClient`.
///
/// Keys go on the wire percent-encoded byte by byte (spaces, `+`, `%`, unicode, `..` segments
/// all survive); listings ask for `encoding-type=url` so any key, even one XML 1.0 cannot
/// carry, comes back intact, and are decoded only when the answer says it is encoded.
package struct S3HTTPClient: ObjectStore {
    package let client: AWSClient

    /// Keys per ListObjectsV2 page: the API's maximum.
    package static let listPageSize = 1000

    /// - Parameter client: an `AWSClient` for `.s3`.
    package init(client: AWSClient) {
        precondition(client.service == .s3, "S3HTTPClient needs an AWSClient for S3, not \(client.service.id)")
        self.client = client
    }

    package func object(bucket: String, key: String) async throws -> StoredObject {
        let request = TransportRequest(method: .GET, url: client.endpoint.s3URL(bucket: bucket, key: key))
        let response = try await client.send(request, operation: "GetObject")
        return StoredObject(body: response.body, eTag: Self.unquoted(response.headers.first(name: "ETag") ?? ""))
    }

    @discardableResult
    package func putObject(bucket: String, key: String, body: [UInt8], contentType: String, condition: WriteCondition) async throws -> String {
        var headers: HTTPHeaders = ["Content-Type": contentType]
        switch condition {
        case .none: break
        case .ifAbsent: headers.add(name: "If-None-Match", value: "*")
        case .ifMatch(let eTag): headers.add(name: "If-Match", value: "\"\(eTag)\"")
        }
        let request = TransportRequest(method: .PUT, url: client.endpoint.s3URL(bucket: bucket, key: key), headers: headers, body: body)
        let response = try await client.send(request, operation: "PutObject")
        return Self.unquoted(response.headers.first(name: "ETag") ?? "")
    }

    package func copyObject(bucket: String, sourceKey: String, key: String, ifNoneMatch: Bool, sourceETag: String?) async throws {
        let operation = "CopyObject"
        var headers: HTTPHeaders = ["x-amz-copy-source": Self.copySource(bucket: bucket, key: sourceKey)]
        if ifNoneMatch { headers.add(name: "If-None-Match", value: "*") }
        if let sourceETag { headers.add(name: "x-amz-copy-source-if-match", value: "\"\(sourceETag)\"") }
        let request = TransportRequest(method: .PUT, url: client.endpoint.s3URL(bucket: bucket, key: key), headers: headers)
        let response = try await client.send(request, operation: operation)
        // S3 may fail a copy after answering 200: the error is then the body, as botocore
        // documents for CopyObject. Anything but <CopyObjectResult> is not a success.
        guard !response.body.isEmpty, let root = try? XMLTree.parse(response.body) else {
            throw S3ClientError(operation: operation, message: "the \(response.status) response has no CopyObjectResult")
        }
        switch Self.localName(root) {
        case "CopyObjectResult":
            return
        case "Error":
            throw AWSErrorDecoder.decode(response, protocol: .s3XML, service: client.service.id, operation: operation)
        default:
            throw S3ClientError(operation: operation, message: "the \(response.status) response is <\(root.name)>, not <CopyObjectResult>")
        }
    }

    package func deleteObject(bucket: String, key: String, ifMatch: String?) async throws {
        var headers = HTTPHeaders()
        if let ifMatch { headers.add(name: "If-Match", value: "\"\(ifMatch)\"") }
        let request = TransportRequest(method: .DELETE, url: client.endpoint.s3URL(bucket: bucket, key: key), headers: headers)
        _ = try await client.send(request, operation: "DeleteObject")
    }

    package func headObject(bucket: String, key: String) async throws -> ObjectInfo? {
        let operation = "HeadObject"
        let request = TransportRequest(method: .HEAD, url: client.endpoint.s3URL(bucket: bucket, key: key))
        let response: TransportResponse
        do {
            response = try await client.send(request, operation: operation)
        } catch let error as AWSError where error.statusCode == 404 {
            // HEAD has no body: S3's 404 names no code. A missing bucket is 404 too, and is
            // also "no such object" for this question.
            return nil
        }
        guard let length = response.headers.first(name: "Content-Length").flatMap({ Int($0.trimmedSpaces) }) else {
            throw S3ClientError(operation: operation, message: "the response has no Content-Length")
        }
        let eTag = response.headers.first(name: "ETag") ?? ""
        return ObjectInfo(key: key, size: length, eTag: Self.unquoted(eTag))
    }

    package func listObjects(bucket: String, prefix: String) async throws -> [ObjectInfo] {
        let operation = "ListObjectsV2"
        var result: [ObjectInfo] = []
        var token: String?
        repeat {
            var query: [(name: String, value: String)] = [
                ("list-type", "2"), ("encoding-type", "url"), ("max-keys", String(Self.listPageSize)), ("prefix", prefix),
            ]
            if let token { query.append(("continuation-token", token)) }
            let request = TransportRequest(method: .GET, url: client.endpoint.s3URL(bucket: bucket, query: query))
            let response = try await client.send(request, operation: operation)
            let page = try Self.parseListPage(response.body, operation: operation)
            result += page.objects
            token = page.nextToken
            if page.isTruncated && token == nil {
                throw S3ClientError(operation: operation, message: "a truncated page has no NextContinuationToken")
            }
        } while token != nil
        return result
    }

    // MARK: Wire details

    /// `x-amz-copy-source`: `/bucket/key`, the key URL-encoded with its `/` kept.
    static func copySource(bucket: String, key: String) -> String {
        "/" + AWSURIEncoding.label(bucket) + "/" + AWSURIEncoding.greedyLabel(key)
    }

    struct ListPage: Equatable {
        var objects: [ObjectInfo]
        var nextToken: String?
        var isTruncated: Bool
    }

    /// One `ListBucketResult`. Keys are form-decoded (`+` is a space, `%XX` a byte) when the
    /// page says `<EncodingType>url</EncodingType>`, and taken as they are otherwise.
    static func parseListPage(_ body: [UInt8], operation: String) throws -> ListPage {
        let root: XMLTree
        do {
            root = try XMLTree.parse(body)
        } catch {
            throw S3ClientError(operation: operation, message: "the body is not XML (\(error))")
        }
        guard Self.localName(root) == "ListBucketResult" else {
            throw S3ClientError(operation: operation, message: "the body is <\(root.name)>, not <ListBucketResult>")
        }
        let encoded = root.childText("EncodingType")?.trimmedSpaces.lowercased() == "url"
        var objects: [ObjectInfo] = []
        for contents in root.children("Contents") {
            guard let rawKey = contents.childText("Key") else {
                throw S3ClientError(operation: operation, message: "an entry has no Key")
            }
            guard let size = contents.childText("Size").flatMap({ Int($0.trimmedSpaces) }) else {
                throw S3ClientError(operation: operation, message: "an entry has no Size")
            }
            let key = encoded ? formDecoded(rawKey) : rawKey
            objects.append(ObjectInfo(key: key, size: size, eTag: unquoted(contents.childText("ETag") ?? "")))
        }
        let truncated = root.childText("IsTruncated")?.trimmedSpaces.lowercased() == "true"
        let next = root.childText("NextContinuationToken").flatMap { $0.isEmpty ? nil : $0 }
        return ListPage(objects: objects, nextToken: truncated ? next : nil, isTruncated: truncated)
    }

    /// `application/x-www-form-urlencoded` decoding, as botocore's `unquote_plus` of listed keys.
    static func formDecoded(_ text: String) -> String {
        let spaced = String(decoding: text.utf8.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
        return String(decoding: AWSURIEncoding.percentDecode(Substring(spaced)), as: UTF8.self)
    }

    /// The element's name without a namespace prefix.
    static func localName(_ element: XMLTree) -> Substring {
        element.name.split(separator: ":").last ?? Substring(element.name)
    }

    /// An ETag without its quotes (and without a weak `W/` prefix).
    static func unquoted(_ eTag: String) -> String {
        var value = Substring(eTag.trimmedSpaces)
        if value.hasPrefix("W/") { value = value.dropFirst(2) }
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = value.dropFirst().dropLast() }
        return String(value)
    }
}

extension String {
    var trimmedSpaces: String {
        var value = Substring(self)
        while let first = value.first, first == " " || first == "\t" || first == "\n" || first == "\r" { value.removeFirst() }
        while let last = value.last, last == " " || last == "\t" || last == "\n" || last == "\r" { value.removeLast() }
        return String(value)
    }
}
