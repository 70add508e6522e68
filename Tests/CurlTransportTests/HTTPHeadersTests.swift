import CurlTransport
import Testing

@Suite struct HTTPHeadersTests {
    @Test func namesAreCaseInsensitiveAndOrderIsKept() {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        headers.add(name: "x-amz-meta-a", value: "1")
        headers.add(name: "X-Amz-Meta-A", value: "2")
        #expect(headers["X-AMZ-META-A"] == ["1", "2"])
        #expect(headers.first(name: "content-type") == "application/json")
        headers.replaceOrAdd(name: "x-AMZ-meta-a", value: "3")
        #expect(headers["x-amz-meta-a"] == ["3"])
        headers.remove(name: "CONTENT-TYPE")
        #expect(!headers.contains(name: "content-type"))
        #expect(headers.count == 1)
    }
}
