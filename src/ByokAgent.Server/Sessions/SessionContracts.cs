using System.Text.Json.Serialization;
using ByokAgent.Sessions;

namespace ByokAgent.Server.Sessions;

/// <summary>A session, and on <c>GET /v1/sessions/{id}</c> a page of its messages.</summary>
public sealed record SessionResponse(
    string Id,
    string Object,
    string Status,
    string? Title,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int MessageCount)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<MessageResponse>? Messages { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? HasMore { get; init; }

    public static SessionResponse From(SessionInfo session) =>
        new(session.Id, "session", "active", session.Title, session.CreatedAt, session.UpdatedAt, session.MessageCount);
}

/// <summary>One stored message: its role and text (tool calls and results appear as their own roles).</summary>
public sealed record MessageResponse(long Sequence, string Role, string? Content, DateTimeOffset CreatedAt)
{
    public static MessageResponse From(StoredSessionMessage message) =>
        new(message.Sequence, message.Message.Role, message.Message.Text, message.CreatedAt);
}

/// <summary>A page of a list.</summary>
public sealed record ListResponse<T>(string Object, IReadOnlyList<T> Data, bool HasMore);

/// <summary>What a delete removed.</summary>
public sealed record DeletedResponse(string Id, string Object, bool Deleted);

/// <summary>Paging from <c>limit</c> and <c>offset</c>, clamped to the server's page size.</summary>
internal readonly record struct Page(int Limit, int Offset)
{
    public static Page Of(int? limit, int? offset, int maxPageSize) =>
        new(Math.Clamp(limit ?? Math.Min(20, maxPageSize), 1, maxPageSize), Math.Max(0, offset ?? 0));
}
