namespace Bulwark.Core.Findings;

public sealed record HttpHeader(string Name, string Value);

public sealed record HttpRequest(string Method, string Url, EquatableArray<HttpHeader> Headers, string? Body = null);

public sealed record HttpResponse(int StatusCode, string ReasonPhrase, EquatableArray<HttpHeader> Headers, string? Body = null);

public sealed record EvidenceSource(string Id, string Name, string? Url = null);

public sealed record SupportingMessage(string Name, HttpRequest? Request = null, HttpResponse? Response = null);

/// <summary>What proves a dynamic finding: the exchange that showed it.</summary>
public sealed record Evidence(
    string? Summary = null,
    EvidenceSource? Source = null,
    HttpRequest? Request = null,
    HttpResponse? Response = null,
    EquatableArray<SupportingMessage> SupportingMessages = default);
