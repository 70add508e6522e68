import AWSCore
import Foundation

/// PutObject, CopyObject, GetObject, HeadObject, DeleteObject, and the events writes send.
extension S3Service {
    /// Representation headers S3 stores with an object and returns on GET and HEAD.
    static let storedHeaderNames = ["Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires"]

    func putObject(bucket: String, key: [UInt8], request: LocalRequest, requestID: String) throws -> TransportResponse {
        try checkKey(key, bucket: bucket)
        let body = try Self.payload(of: request)
        if let declared = request.headers.first(name: "Content-MD5") {
            guard let digest = Data(base64Encoded: declared), digest.count == 16 else {
                throw S3Error(status: 400, code: "InvalidDigest", message: "The Content-MD5 you specified was invalid.")
            }
            guard Array(digest) == Crypto.md5(body) else {
                throw S3Error(status: 400, code: "BadDigest", message: "The Content-MD5 you specified did not match what we received.")
            }
        }
        let object = StoredObject(
            body: body, etag: Crypto.hex(Crypto.md5(body)),
            contentType: request.headers.first(name: "Content-Type") ?? "binary/octet-stream",
            systemHeaders: Self.storedHeaders(from: request.headers), metadata: Self.metadata(from: request.headers),
            lastModified: wholeSeconds(now()))
        let stored = try store(object, bucket: bucket, key: key, conditions: request.headers, eventName: "ObjectCreated:Put",
                               request: request, requestID: requestID)
        return TransportResponse(status: 200, headers: ["ETag": "\"\(stored.etag)\""])
    }

    func copyObject(bucket: String, key: [UInt8], request: LocalRequest, requestID: String) throws -> TransportResponse {
        try checkKey(key, bucket: bucket)
        let (sourceBucket, sourceKey) = try Self.copySource(request.headers.first(name: "x-amz-copy-source") ?? "")
        let source = try state.withLock { state in
            guard let container = state.buckets[sourceBucket] else { throw S3Error.noSuchBucket(sourceBucket) }
            guard let object = container.objects[sourceKey] else {
                throw S3Error.noSuchKey(bucket: sourceBucket, key: String(decoding: sourceKey, as: UTF8.self))
            }
            return object
        }
        try Self.checkCopySourceConditions(request.headers, source: source)
        let directive = request.headers.first(name: "x-amz-metadata-directive")?.uppercased() ?? "COPY"
        guard directive == "COPY" || directive == "REPLACE" else {
            throw S3Error.invalidArgument("Unknown metadata directive.", "x-amz-metadata-directive")
        }
        if directive == "COPY", sourceBucket == bucket, sourceKey == key {
            throw S3Error(status: 400, code: "InvalidRequest",
                          message: """
                              This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, \
                              storage class, website redirect location or encryption attributes.
                              """)
        }
        var object = source
        object.lastModified = wholeSeconds(now())
        if directive == "REPLACE" {
            object.contentType = request.headers.first(name: "Content-Type") ?? "binary/octet-stream"
            object.systemHeaders = Self.storedHeaders(from: request.headers)
            object.metadata = Self.metadata(from: request.headers)
        }
        let stored = try store(object, bucket: bucket, key: key, conditions: request.headers, eventName: "ObjectCreated:Copy",
                               request: request, requestID: requestID)
        let xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
            + #"<CopyObjectResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
            + "<ETag>&quot;\(stored.etag)&quot;</ETag>"
            + "<LastModified>\(S3Text.iso8601Milliseconds(stored.lastModified))</LastModified></CopyObjectResult>"
        return Self.xmlResponse(xml)
    }

    func getObject(bucket: String, key: [UInt8], request: LocalRequest, head: Bool) throws -> TransportResponse {
        let object = try state.withLock { state in
            guard let container = state.buckets[bucket] else { throw S3Error.noSuchBucket(bucket) }
            guard let object = container.objects[key] else {
                throw S3Error.noSuchKey(bucket: bucket, key: String(decoding: key, as: UTF8.self))
            }
            return object
        }
        let etag = "\"\(object.etag)\""
        if let expected = request.headers.first(name: "If-Match"), !Self.etagList(expected, contains: object.etag) {
            throw S3Error.preconditionFailed("If-Match")
        }
        var headers: HTTPHeaders = [
            "ETag": etag,
            "Last-Modified": S3Text.httpDate(object.lastModified),
            "Accept-Ranges": "bytes",
            "Content-Type": request.queryValue("response-content-type") ?? object.contentType,
        ]
        for (name, value) in object.systemHeaders {
            let override = request.queryValue("response-" + name.lowercased())
            headers.add(name: name, value: override ?? value)
        }
        for name in Self.storedHeaderNames where !object.systemHeaders.contains(where: { $0.name == name }) {
            if let override = request.queryValue("response-" + name.lowercased()) { headers.add(name: name, value: override) }
        }
        for (name, value) in object.metadata { headers.add(name: "x-amz-meta-" + name, value: value) }
        if let unwanted = request.headers.first(name: "If-None-Match"), Self.etagList(unwanted, contains: object.etag) {
            var notModified = HTTPHeaders()
            for name in ["ETag", "Last-Modified"] { notModified.add(name: name, value: headers.first(name: name) ?? "") }
            return TransportResponse(status: 304, headers: notModified)
        }
        headers.add(name: "Content-Length", value: String(object.body.count))
        return TransportResponse(status: 200, headers: headers, body: head ? [] : object.body)
    }

    /// Deletes the object; deleting a missing one succeeds. With `If-Match` (general purpose
    /// buckets support it since 2025-09: the model's `DeleteObject.IfMatch`), only that version
    /// is deleted: another ETag is 412 `PreconditionFailed`, a missing object 404 `NoSuchKey`.
    func deleteObject(bucket: String, key: [UInt8], request: LocalRequest) throws -> TransportResponse {
        // The model documents these two for directory buckets only: refused, never ignored.
        for name in ["x-amz-if-match-last-modified-time", "x-amz-if-match-size"] where request.headers.contains(name: name) {
            throw S3Error.notImplemented(name)
        }
        let ifMatch = request.headers.first(name: "If-Match")
        try state.withLock { state in
            guard let container = state.buckets[bucket] else { throw S3Error.noSuchBucket(bucket) }
            if let ifMatch {
                guard let existing = container.objects[key] else {
                    throw S3Error.noSuchKey(bucket: bucket, key: String(decoding: key, as: UTF8.self))
                }
                guard Self.etagList(ifMatch, contains: existing.etag) else { throw S3Error.preconditionFailed("If-Match") }
            }
            state.buckets[bucket]?.objects[key] = nil
        }
        return TransportResponse(status: 204)
    }

    /// CopyObject's conditions on its source: `x-amz-copy-source-if-match` copies only that
    /// version, `x-amz-copy-source-if-none-match` any other; otherwise 412 `PreconditionFailed`
    /// and nothing is written. Checked before the destination's own `If-None-Match`/`If-Match`.
    /// The date conditions are not modelled: refused rather than silently ignored.
    static func checkCopySourceConditions(_ headers: HTTPHeaders, source: StoredObject) throws {
        for name in ["x-amz-copy-source-if-modified-since", "x-amz-copy-source-if-unmodified-since"] where headers.contains(name: name) {
            throw S3Error.notImplemented(name)
        }
        if let wanted = headers.first(name: "x-amz-copy-source-if-match"), !etagList(wanted, contains: source.etag) {
            throw S3Error.preconditionFailed("x-amz-copy-source-If-Match")
        }
        if let unwanted = headers.first(name: "x-amz-copy-source-if-none-match"), etagList(unwanted, contains: source.etag) {
            throw S3Error.preconditionFailed("x-amz-copy-source-If-None-Match")
        }
    }

    // MARK: Writing

    /// Stores `object` under the write's conditions (`If-None-Match: *`: only if absent;
    /// `If-Match: "etag"`: only over that version), then sends the matching events.
    private func store(_ object: StoredObject, bucket: String, key: [UInt8], conditions: HTTPHeaders, eventName: String,
                       request: LocalRequest, requestID: String) throws -> StoredObject {
        let ifNoneMatch = conditions.first(name: "If-None-Match")
        if let ifNoneMatch, ifNoneMatch.trimmingCharacters(in: .whitespaces) != "*" {
            throw S3Error.notImplemented("If-None-Match")
        }
        let ifMatch = conditions.first(name: "If-Match")
        let keyText = String(decoding: key, as: UTF8.self)
        let (records, sequencer): ([S3NotificationRule], String) = try state.withLock { state in
            guard state.buckets[bucket] != nil else { throw S3Error.noSuchBucket(bucket) }
            let existing = state.buckets[bucket]?.objects[key]
            if ifNoneMatch != nil, existing != nil { throw S3Error.preconditionFailed("If-None-Match") }
            if let ifMatch {
                guard let existing else { throw S3Error.noSuchKey(bucket: bucket, key: keyText) }
                guard Self.etagList(ifMatch, contains: existing.etag) else { throw S3Error.preconditionFailed("If-Match") }
            }
            state.buckets[bucket]?.objects[key] = object
            let rules = state.rules.filter { $0.matches(bucket: bucket, key: key, eventName: eventName) }
            guard !rules.isEmpty else { return ([], "") }
            // Increasing for every write: milliseconds in the high bits, a counter below.
            let stamp = UInt64(max(0, now().timeIntervalSince1970 * 1000)) << 16
            state.lastSequencer = max(state.lastSequencer + 1, stamp)
            let hex = String(state.lastSequencer, radix: 16, uppercase: true)
            return (rules, String(repeating: "0", count: max(0, 18 - hex.count)) + hex)
        }
        guard !records.isEmpty else { return object }
        let handler = onEvent
        for rule in records {
            let record = S3EventRecord(
                region: region, eventTime: now(), eventName: eventName, principalID: principalID,
                sourceIPAddress: Self.sourceIP(of: request), requestID: requestID, hostID: Self.hostID(for: requestID),
                configurationID: rule.id, bucket: bucket, ownerPrincipalID: principalID, key: key, size: object.body.count,
                eTag: object.etag, sequencer: sequencer)
            handler(Array(record.json.utf8))
        }
        return object
    }

    private func checkKey(_ key: [UInt8], bucket: String) throws {
        guard key.count <= 1024 else {
            throw S3Error(status: 400, code: "KeyTooLongError", message: "Your key is too long", resource: bucket)
        }
    }

    /// The object's bytes: the body, or its payload when the client sent it `aws-chunked`.
    static func payload(of request: LocalRequest) throws -> [UInt8] {
        let declared = request.headers.first(name: "x-amz-content-sha256") ?? ""
        let encodings = (request.headers.first(name: "Content-Encoding") ?? "").lowercased()
        guard declared.hasPrefix("STREAMING-") || encodings.contains("aws-chunked") else { return request.body }
        guard let payload = S3Text.decodeAWSChunked(request.body) else {
            throw S3Error(status: 400, code: "IncompleteBody", message: "The request body terminated unexpectedly")
        }
        if let length = request.headers.first(name: "x-amz-decoded-content-length").flatMap(Int.init), length != payload.count {
            throw S3Error(status: 400, code: "IncompleteBody", message: "The request body terminated unexpectedly")
        }
        return payload
    }

    /// `/bucket/key` or `bucket/key`, URL-encoded, with an optional `?versionId=`.
    static func copySource(_ header: String) throws -> (bucket: String, key: [UInt8]) {
        var raw = Substring(header)
        if let question = raw.firstIndex(of: "?") { raw = raw[..<question] }
        var decoded = AWSURIEncoding.percentDecode(raw)[...]
        if decoded.first == UInt8(ascii: "/") { decoded = decoded.dropFirst() }
        guard let slash = decoded.firstIndex(of: UInt8(ascii: "/")), slash > decoded.startIndex,
              decoded.index(after: slash) < decoded.endIndex else {
            throw S3Error.invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
                                          "x-amz-copy-source")
        }
        return (String(decoding: decoded[..<slash], as: UTF8.self), Array(decoded[decoded.index(after: slash)...]))
    }

    static func storedHeaders(from headers: HTTPHeaders) -> [(name: String, value: String)] {
        storedHeaderNames.compactMap { name in
            guard var value = headers.first(name: name) else { return nil }
            if name == "Content-Encoding" {
                value = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { $0.lowercased() != "aws-chunked" }.joined(separator: ",")
                if value.isEmpty { return nil }
            }
            return (name, value)
        }
    }

    static func metadata(from headers: HTTPHeaders) -> [(name: String, value: String)] {
        headers.compactMap { field in
            let name = field.name.lowercased()
            guard name.hasPrefix("x-amz-meta-"), name.count > "x-amz-meta-".count else { return nil }
            return (String(name.dropFirst("x-amz-meta-".count)), field.value)
        }
    }

    /// Whether an `If-Match`/`If-None-Match` value (`*`, `"etag"`, a comma-separated list) names `etag`.
    static func etagList(_ header: String, contains etag: String) -> Bool {
        header.split(separator: ",").contains { item in
            let trimmed = item.trimmingCharacters(in: .whitespaces)
            let bare = trimmed.hasPrefix("W/") ? String(trimmed.dropFirst(2)) : trimmed
            return bare == "*" || bare.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) == etag
        }
    }

    /// The client's address as the front end saw it; the shell passes it in `X-Forwarded-For`.
    static func sourceIP(of request: LocalRequest) -> String {
        request.headers.first(name: "X-Forwarded-For")?.split(separator: ",").first
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "127.0.0.1"
    }
}
