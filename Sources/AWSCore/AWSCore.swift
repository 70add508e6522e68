@_exported import CurlTransport
