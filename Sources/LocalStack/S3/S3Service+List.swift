import AWSCore
import Foundation

/// ListObjectsV2: prefix, delimiter, max-keys, start-after, continuation tokens and
/// `encoding-type=url` (which botocore asks for by default and decodes).
extension S3Service {
    /// Where a listing resumes: after a key, or after every key under a common prefix.
    struct ListMarker: Equatable {
        var key: [UInt8]
        var isCommonPrefix: Bool

        /// Opaque to clients, as S3's tokens are.
        var token: String { Data([isCommonPrefix ? 1 : 0] + key).base64EncodedString() }

        init(key: [UInt8], isCommonPrefix: Bool) {
            self.key = key
            self.isCommonPrefix = isCommonPrefix
        }

        init?(token: String) {
            guard let data = Data(base64Encoded: token), let kind = data.first, kind <= 1 else { return nil }
            key = Array(data.dropFirst())
            isCommonPrefix = kind == 1
        }

        /// Whether `candidate` comes after this marker.
        func precedes(_ candidate: [UInt8]) -> Bool {
            if isCommonPrefix, candidate.starts(with: key) { return false }
            return key.lexicographicallyPrecedes(candidate)
        }
    }

    func listObjectsV2(_ bucket: String, request: LocalRequest) throws -> TransportResponse {
        let prefix = Array((request.queryValue("prefix") ?? "").utf8)
        let delimiter = request.queryValue("delimiter").flatMap { $0.isEmpty ? nil : Array($0.utf8) }
        let startAfter = request.queryValue("start-after")
        let continuation = request.queryValue("continuation-token")
        let fetchOwner = request.queryValue("fetch-owner") == "true"
        var maxKeys = 1000
        if let text = request.queryValue("max-keys") {
            guard let value = Int(text), value >= 0 else {
                throw S3Error.invalidArgument("Provided max-keys not an integer or within integer range", "max-keys")
            }
            maxKeys = min(value, 1000)
        }
        let encodeURL: Bool
        switch request.queryValue("encoding-type") {
        case nil: encodeURL = false
        case "url": encodeURL = true
        default: throw S3Error.invalidArgument("Invalid Encoding Method specified in Request", "encoding-type")
        }
        var marker: ListMarker?
        if let continuation {
            guard let parsed = ListMarker(token: continuation) else {
                throw S3Error.invalidArgument("The continuation token provided is incorrect", "continuation-token")
            }
            marker = parsed
        } else if let startAfter, !startAfter.isEmpty {
            marker = ListMarker(key: Array(startAfter.utf8), isCommonPrefix: false)
        }

        let (objects, keys) = try state.withLock { state in
            guard let container = state.buckets[bucket] else { throw S3Error.noSuchBucket(bucket) }
            return (container.objects, Self.sortedKeys(container.objects))
        }

        var contents: [[UInt8]] = []
        var commonPrefixes: [[UInt8]] = []
        var next: ListMarker?
        for key in keys where key.starts(with: prefix) {
            if let marker, !marker.precedes(key) { continue }
            var entry = ListMarker(key: key, isCommonPrefix: false)
            if let delimiter, let range = Self.firstRange(of: delimiter, in: key, from: prefix.count) {
                entry = ListMarker(key: Array(key[..<range.upperBound]), isCommonPrefix: true)
                if commonPrefixes.last == entry.key { continue }
            }
            if contents.count + commonPrefixes.count == maxKeys {
                next = lastMarker(contents: contents, commonPrefixes: commonPrefixes)
                break
            }
            if entry.isCommonPrefix { commonPrefixes.append(entry.key) } else { contents.append(key) }
        }

        func text(_ bytes: [UInt8]) -> String {
            XMLText.escaped(encodeURL ? S3Text.formEncodedKey(bytes) : String(decoding: bytes, as: UTF8.self))
        }
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
            + #"<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
            + "<Name>\(XMLText.escaped(bucket))</Name><Prefix>\(text(prefix))</Prefix>"
        if let continuation { xml += "<ContinuationToken>\(XMLText.escaped(continuation))</ContinuationToken>" }
        if let next { xml += "<NextContinuationToken>\(XMLText.escaped(next.token))</NextContinuationToken>" }
        xml += "<KeyCount>\(contents.count + commonPrefixes.count)</KeyCount><MaxKeys>\(maxKeys)</MaxKeys>"
        if let delimiter { xml += "<Delimiter>\(text(delimiter))</Delimiter>" }
        if encodeURL { xml += "<EncodingType>url</EncodingType>" }
        xml += "<IsTruncated>\(next != nil)</IsTruncated>"
        if let startAfter { xml += "<StartAfter>\(text(Array(startAfter.utf8)))</StartAfter>" }
        for key in contents {
            guard let object = objects[key] else { continue }
            xml += "<Contents><Key>\(text(key))</Key>"
                + "<LastModified>\(S3Text.iso8601Milliseconds(object.lastModified))</LastModified>"
                + "<ETag>&quot;\(object.etag)&quot;</ETag><Size>\(object.body.count)</Size>"
            if fetchOwner { xml += "<Owner><ID>\(ownerID)</ID><DisplayName>local</DisplayName></Owner>" }
            xml += "<StorageClass>STANDARD</StorageClass></Contents>"
        }
        for common in commonPrefixes { xml += "<CommonPrefixes><Prefix>\(text(common))</Prefix></CommonPrefixes>" }
        xml += "</ListBucketResult>"
        return Self.xmlResponse(xml)
    }

    /// The marker after the last entry of a full page: whichever of the two lists ends later.
    private func lastMarker(contents: [[UInt8]], commonPrefixes: [[UInt8]]) -> ListMarker? {
        switch (contents.last, commonPrefixes.last) {
        case (nil, nil): return nil
        case (let key?, nil): return ListMarker(key: key, isCommonPrefix: false)
        case (nil, let common?): return ListMarker(key: common, isCommonPrefix: true)
        case (let key?, let common?):
            return common.lexicographicallyPrecedes(key)
                ? ListMarker(key: key, isCommonPrefix: false) : ListMarker(key: common, isCommonPrefix: true)
        }
    }

    /// The first occurrence of `needle` in `haystack` at or after `start`.
    static func firstRange(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Range<Int>? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count) where haystack[index..<(index + needle.count)].elementsEqual(needle) {
            return index..<(index + needle.count)
        }
        return nil
    }
}
