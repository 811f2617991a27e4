#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import Foundation
import GridSettleCore

/// What one ``OpenADR2bVEN/pollOnce(vtnURL:venName:options:timeout:file:opt:)`` brought back.
public struct OpenADR2bPollResult: Sendable {
    /// The `oadrDistributeEvent` message exactly as the VTN sent it.
    public var xml: [UInt8]
    /// ``OpenADR2bReader/read(_:file:options:)`` of `xml`.
    public var records: ImportedRecords
    /// ``OpenADR2bReader/parse(_:file:)`` of `xml`.
    public var document: OpenADR2bDocument
    /// The ids the VTN gave this VEN when it registered.
    public var venID: String
    public var registrationID: String
    /// The events answered with `oadrCreatedEvent`, and how.
    public var responses: [OpenADR2bEventResponse]
}

public struct OpenADR2bEventResponse: Sendable, Hashable {
    public var eventID: String
    public var modificationNumber: Int
    public var optType: String
}

/// A failure talking to the VTN: the transport, an HTTP status, or an OpenADR message that says no.
public struct OpenADR2bVENError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// A minimal OpenADR 2.0b VEN over HTTP pull (simpleHttp), for loop-back tests against a VTN such as
/// openleadr and for a one-shot `gridsettle openadr-poll`.
///
/// One call: `oadrCreatePartyRegistration` (`EiRegisterParty`) → `oadrPoll` (`OadrPoll`), falling back to
/// `oadrRequestEvent` (`EiEvent`) when the poll has nothing queued, until an `oadrDistributeEvent` arrives
/// or `timeout` passes → ``OpenADR2bReader`` reads it → `oadrCreatedEvent` (`EiEvent`) answers every event
/// whose `oadrResponseRequired` is `always` (GridSettle records; it opts in unless told `.optOut`).
///
/// Limits, said plainly: no TLS client certificate and no XML signature (`oadrXmlSignature` false), so it
/// speaks only to a VTN that accepts plain HTTP (openleadr does when it is given no certificates); report
/// requests (`oadrRegisterReport`, `oadrCreateReport`) arriving on the poll are skipped, not answered. If the
/// event does not read (``DatasetInvalid``), nothing is answered and the error is thrown, so the VTN keeps
/// the event queued.
public enum OpenADR2bVEN {
    public enum Opt: String, Sendable { case optIn, optOut }

    /// Registers as `venName` at `vtnURL` (e.g. `http://127.0.0.1:8080/OpenADR2/Simple/2.0b`), polls until
    /// an `oadrDistributeEvent` arrives, reads it with `options`, and answers `oadrCreatedEvent`.
    /// `file` names the message in issues and award sources.
    public static func pollOnce(
        vtnURL: String, venName: String, options: ImportOptions = ImportOptions(), timeout: Double = 30,
        file: String = "oadrDistributeEvent.xml", opt: Opt = .optIn
    ) async throws -> OpenADR2bPollResult {
        var base = vtnURL
        while base.hasSuffix("/") { base.removeLast() }
        guard URL(string: base + "/OadrPoll")?.scheme?.hasPrefix("http") == true else {
            throw OpenADR2bVENError("not an http(s) VTN URL: \(vtnURL)")
        }
        let deadline = Date().addingTimeInterval(timeout)
        func remaining() -> Double { max(1, deadline.timeIntervalSinceNow) }

        var (venID, registrationID) = try await register(base, venName: venName, timeout: remaining())
        var xml: [UInt8]? = nil
        while xml == nil {
            let polled = try await post(base, "OadrPoll", Messages.poll(venID: venID), timeout: remaining())
            switch try messageType(polled, service: "OadrPoll") {
            case "oadrDistributeEvent":
                xml = polled
            case "oadrRequestReregistration":
                (venID, registrationID) = try await register(base, venName: venName, timeout: remaining())
            case "oadrResponse", "":
                // Nothing queued on the poll: ask the event service directly.
                let asked = try await post(base, "EiEvent", Messages.requestEvent(venID: venID), timeout: remaining())
                if try messageType(asked, service: "EiEvent") == "oadrDistributeEvent" { xml = asked }
            default:
                break  // report requests and the like: not this VEN's business
            }
            if xml == nil {
                if Date() >= deadline {
                    throw OpenADR2bVENError("no oadrDistributeEvent from \(base) within \(Int(timeout)) s (registered as venID \(venID))")
                }
                try await Task.sleep(for: .milliseconds(300))
            }
        }
        let message = xml!
        let document = try OpenADR2bReader.parse(message, file: file)
        let records = try OpenADR2bReader.read(message, file: file, options: options)

        // Answer each event (its highest modification) that asks for a response.
        var responses: [OpenADR2bEventResponse] = []
        var seen = Set<String>()
        for e in document.events.sorted(by: { $0.modificationNumber > $1.modificationNumber })
        where e.responseRequired == "always" && seen.insert(e.eventID).inserted {
            responses.append(OpenADR2bEventResponse(eventID: e.eventID, modificationNumber: e.modificationNumber, optType: opt.rawValue))
        }
        if !responses.isEmpty {
            let answer = try await post(
                base, "EiEvent", Messages.createdEvent(venID: venID, requestID: document.requestID, responses: responses),
                timeout: remaining())
            let type = try messageType(answer, service: "EiEvent")
            if type != "oadrResponse" && type != "" {
                throw OpenADR2bVENError("the VTN answered oadrCreatedEvent with \(type), expected oadrResponse")
            }
            if let code = try responseCode(answer), !code.hasPrefix("2") {
                throw OpenADR2bVENError("the VTN refused oadrCreatedEvent: responseCode \(code)")
            }
        }
        return OpenADR2bPollResult(
            xml: message, records: records, document: document, venID: venID, registrationID: registrationID, responses: responses)
    }

    static func register(_ base: String, venName: String, timeout: Double) async throws -> (String, String) {
        let answer = try await post(base, "EiRegisterParty", Messages.createPartyRegistration(venName: venName), timeout: timeout)
        let type = try messageType(answer, service: "EiRegisterParty")
        guard type == "oadrCreatedPartyRegistration" else {
            throw OpenADR2bVENError("the VTN answered oadrCreatePartyRegistration with \(type.isEmpty ? "nothing" : type)")
        }
        if let code = try responseCode(answer), !code.hasPrefix("2") {
            throw OpenADR2bVENError("the VTN refused the registration of \(venName): responseCode \(code)")
        }
        let root = try XMLTree.parse(answer, file: "EiRegisterParty")
        guard let reg = root.descendant("oadrCreatedPartyRegistration"), let venID = reg.value("venID"), !venID.isEmpty else {
            throw OpenADR2bVENError("the VTN did not register \(venName) (no venID in oadrCreatedPartyRegistration)")
        }
        return (venID, reg.value("registrationID") ?? "")
    }

    static func post(_ base: String, _ service: String, _ body: String, timeout: Double) async throws -> [UInt8] {
        guard let url = URL(string: "\(base)/\(service)") else { throw OpenADR2bVENError("bad VTN URL \(base)/\(service)") }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/xml", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        request.timeoutInterval = timeout
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw OpenADR2bVENError("POST \(url.absoluteString) failed: \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else { throw OpenADR2bVENError("POST \(url.absoluteString): not an HTTP answer") }
        guard http.statusCode == 200 else {
            let text = String(decoding: data.prefix(300), as: UTF8.self)
            throw OpenADR2bVENError("POST \(url.absoluteString): HTTP \(http.statusCode) \(text)")
        }
        return [UInt8](data)
    }

    /// The message inside `oadrPayload/oadrSignedObject` (or a bare message), `""` for an empty body.
    static func messageType(_ bytes: [UInt8], service: String) throws(DatasetInvalid) -> String {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return "" }
        let root = try XMLTree.parse(bytes, file: service)
        if root.name == "oadrPayload" { return root.child("oadrSignedObject")?.children.first?.name ?? "" }
        if root.name == "oadrSignedObject" { return root.children.first?.name ?? "" }
        return root.name
    }

    /// The `eiResponse/responseCode` of the message, if it has one.
    static func responseCode(_ bytes: [UInt8]) throws(DatasetInvalid) -> String? {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        return try XMLTree.parse(bytes, file: "response").descendant("eiResponse")?.value("responseCode")
    }

    /// The VEN's messages, schema-valid against `oadr_20b.xsd` (the element order openleadr's templates use).
    enum Messages {
        static let head = """
            <?xml version="1.0" encoding="utf-8"?>
            <oadr:oadrPayload xmlns:oadr="http://openadr.org/oadr-2.0b/2012/07">\
            <oadr:oadrSignedObject xmlns:oadr="http://openadr.org/oadr-2.0b/2012/07" oadr:Id="oadrSignedObject">
            """
        static let tail = "</oadr:oadrSignedObject></oadr:oadrPayload>\n"
        static let ei = "http://docs.oasis-open.org/ns/energyinterop/201110"
        static let pyld = "http://docs.oasis-open.org/ns/energyinterop/201110/payloads"

        static func escape(_ s: String) -> String { XMLText.escape(s) }

        static func requestID() -> String { UUID().uuidString.lowercased() }

        static func createPartyRegistration(venName: String) -> String {
            head + """
                <oadr:oadrCreatePartyRegistration ei:schemaVersion="2.0b" xmlns:ei="\(ei)">\
                <requestID xmlns="\(pyld)">\(requestID())</requestID>\
                <oadr:oadrProfileName>2.0b</oadr:oadrProfileName>\
                <oadr:oadrTransportName>simpleHttp</oadr:oadrTransportName>\
                <oadr:oadrReportOnly>false</oadr:oadrReportOnly>\
                <oadr:oadrXmlSignature>false</oadr:oadrXmlSignature>\
                <oadr:oadrVenName>\(escape(venName))</oadr:oadrVenName>\
                <oadr:oadrHttpPullModel>true</oadr:oadrHttpPullModel>\
                </oadr:oadrCreatePartyRegistration>
                """ + tail
        }

        static func poll(venID: String) -> String {
            head + """
                <oadr:oadrPoll ei:schemaVersion="2.0b" xmlns:ei="\(ei)"><ei:venID>\(escape(venID))</ei:venID></oadr:oadrPoll>
                """ + tail
        }

        static func requestEvent(venID: String) -> String {
            head + """
                <oadr:oadrRequestEvent ei:schemaVersion="2.0b" xmlns:ei="\(ei)">\
                <eiRequestEvent xmlns="\(pyld)"><requestID>\(requestID())</requestID><ei:venID>\(escape(venID))</ei:venID></eiRequestEvent>\
                </oadr:oadrRequestEvent>
                """ + tail
        }

        static func createdEvent(venID: String, requestID: String, responses: [OpenADR2bEventResponse]) -> String {
            var body = """
                <oadr:oadrCreatedEvent ei:schemaVersion="2.0b" xmlns:ei="\(ei)">\
                <eiCreatedEvent xmlns="\(pyld)">\
                <ei:eiResponse><ei:responseCode>200</ei:responseCode><ei:responseDescription>OK</ei:responseDescription>\
                <requestID xmlns="\(pyld)"></requestID></ei:eiResponse><ei:eventResponses>
                """
            for r in responses {
                body += """
                    <ei:eventResponse><ei:responseCode>200</ei:responseCode><ei:responseDescription>OK</ei:responseDescription>\
                    <requestID xmlns="\(pyld)">\(escape(requestID))</requestID>\
                    <ei:qualifiedEventID><ei:eventID>\(escape(r.eventID))</ei:eventID>\
                    <ei:modificationNumber>\(r.modificationNumber)</ei:modificationNumber></ei:qualifiedEventID>\
                    <ei:optType>\(r.optType)</ei:optType></ei:eventResponse>
                    """
            }
            body += "</ei:eventResponses><ei:venID>\(escape(venID))</ei:venID></eiCreatedEvent></oadr:oadrCreatedEvent>"
            return head + body + tail
        }
    }
}
