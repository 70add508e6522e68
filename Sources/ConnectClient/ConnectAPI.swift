/// The Amazon Connect operations the product uses, with the members it needs: the reads
/// (`ConnectReading`) and the changes (`ConnectWriting`).
///
/// The seam between the bulk engine and the network: `ConnectHTTPClient` is the real one
/// (SigV4 over libcurl, paced by the transport); tests pass in-memory ones. List and search
/// operations return every page, each page being one API call. Errors are `AWSError`
/// (`code` is AWS's error code) or `TransportError`, after the client's retries.
package typealias ConnectAPI = ConnectReading & ConnectWriting
