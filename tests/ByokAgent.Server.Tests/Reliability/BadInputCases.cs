using System.Text;

namespace ByokAgent.Server.Tests.Reliability;

/// <summary>What a route reads, which decides the bad inputs that make sense for it.</summary>
internal enum RouteInput
{
    /// <summary>Reads no body (it is ignored): bodies, headers and paths must not break it; it answers as usual.</summary>
    Nothing,

    /// <summary>A turn: <c>{message, session_id?, stream?}</c>.</summary>
    Turn,

    /// <summary>The project's model config: <c>{provider, model, api_key?, ...}</c>.</summary>
    ModelConfig,

    /// <summary>A file's bytes: any content is a file, only the size and the path can be wrong.</summary>
    FileBytes,

    /// <summary>The request itself is the action (create a session, remove the model): no body can make it bad.</summary>
    Action,
}

/// <summary>One route of the API as the table knows it: how to reach it with valid ids, and what it answers when all is well.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Template">The route pattern, as routing lists it.</param>
/// <param name="Input">What it reads.</param>
/// <param name="Path">A valid request target (<c>{session}</c> is replaced by a stored session id).</param>
/// <param name="Normal">Its status for a request whose only oddity is ignored (a body it does not read).</param>
/// <param name="NormalCode">The error code of <paramref name="Normal"/> when it is an error (a delete of something missing).</param>
internal sealed record ApiRoute(string Method, string Template, RouteInput Input, string Path, int Normal, string? NormalCode = null)
{
    public bool NeedsKey => Template.StartsWith("/v1/", StringComparison.Ordinal);

    public override string ToString() => $"{Method} {Template}";
}

/// <summary>What a bad input must get: one of these statuses, and for API errors this code (<see langword="null"/>: refused by Kestrel itself, before the application, with no body).</summary>
internal sealed record Expected(int Status, string? Code)
{
    public static Expected Api(int status, string code) => new(status, code);

    public static Expected Kestrel(int status) => new(status, null);

    public override string ToString() => Code is null ? $"{Status} (Kestrel)" : $"{Status} {Code}";
}

/// <summary>One bad request: what is sent, and the answers that are right for it.</summary>
/// <remarks>With <see cref="HangUp"/> the client leaves before its body is complete: no answer can arrive, and none is owed.</remarks>
internal sealed record BadCase(string Name, string Method, string Target, IReadOnlyList<string> Headers, byte[]? Body, IReadOnlyList<Expected> Allowed, string? ContentLength = null, byte[]? RawHeaderBytes = null, bool HangUp = false)
{
    public override string ToString() => $"{Method} {(Target.Length > 80 ? Target[..80] + "…" : Target)} [{Name}]";
}

/// <summary>The hostile inputs themselves: bodies, strings, headers and paths.</summary>
internal static class Hostile
{
    public const int Depth = 10_000;

    /// <summary>Strings that break naive code: a lone surrogate, NUL, an RTL override, a flood of combining marks, a BOM, an emoji.</summary>
    /// <remarks>JSON-escaped; <c>Decodable</c> is false for the one that no text can hold (a lone surrogate).</remarks>
    public static readonly (string Name, string JsonEscaped, bool Decodable)[] Strings =
    [
        ("lone surrogate", "\\ud800", false),
        ("NUL", "ses_\\u0000x", true),
        ("RTL override", "ses_\\u202egnp.exe", true),
        ("combining marks", string.Concat(Enumerable.Repeat("a\\u0301\\u0302\\u0303", 5_000)), true),
        ("BOM and zero-width", "\\ufeff\\u200b\\u200d", true),
        ("emoji", "\\ud83d\\ude00", true),
    ];

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary><c>{"k": [[[…]]]}</c> nested <see cref="Depth"/> levels deep around <paramref name="inner"/>.</summary>
    public static string Nested(string inner) => new string('[', Depth) + inner + new string(']', Depth);

    /// <summary>A JSON object of about <paramref name="bytes"/> bytes, one long string field.</summary>
    public static byte[] Oversized(string field, int bytes) => Utf8($"{{\"{field}\": \"{new string('x', bytes)}\"}}");

    /// <summary>About 1 MB of combining marks (each two bytes in UTF-8), as a message.</summary>
    public static byte[] MegabyteOfCombiningMarks() => Utf8($"{{\"message\": \"{new string('\u0301', 550_000)}\"}}");
}
