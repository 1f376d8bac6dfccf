using ByokAgent.Agents;

namespace ByokAgent.Cli.Output;

/// <summary>The compact stderr lines that show what the agent's tools are doing.</summary>
internal static class ToolLines
{
    private const int PreviewLength = 100;

    public static string Started(string tool, string arguments) => $"[tool] {tool} {Preview(arguments)}";

    public static string Finished(AgentToolCall call) =>
        $"[tool] {call.Name} {(call.IsError ? "failed" : "done")} in {call.Duration.TotalMilliseconds:0} ms: {Preview(call.Result)}";

    private static string Preview(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ").Trim();
        return oneLine.Length > PreviewLength ? string.Concat(oneLine.AsSpan(0, PreviewLength), "…") : oneLine;
    }
}
