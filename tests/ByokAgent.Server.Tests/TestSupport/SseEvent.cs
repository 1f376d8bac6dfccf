using System.Text.Json.Nodes;

namespace ByokAgent.Server.Tests.TestSupport;

/// <summary>One server-sent event: its name and its JSON data.</summary>
public sealed record SseEvent(string Name, JsonNode Data)
{
    public string Text(string property) => Data[property]!.GetValue<string>();
}
