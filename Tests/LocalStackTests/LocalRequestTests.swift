import LocalStack
import Testing

@Suite struct LocalRequestTests {
    @Test func segmentsAndQueryAreDecoded() {
        let request = LocalRequest(method: "GET", path: "/users/i-1/a%2Fb%20c", rawQuery: "maxResults=5&nextToken=a%2Bb+c&flag")
        #expect(request.pathSegments == ["users", "i-1", "a/b c"])
        #expect(request.query.map(\.name) == ["maxResults", "nextToken", "flag"])
        #expect(request.queryValue("nextToken") == "a+b+c")
        #expect(request.queryValue("flag") == "")
    }
}
