using System.ComponentModel.DataAnnotations;

namespace ByokAgent.Agents;

/// <summary>How agent turns run, bound from <c>ByokAgent:Agent</c>.</summary>
public sealed class AgentOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "ByokAgent:Agent";

    /// <summary>
    /// Tool rounds one turn may use (a round is one model reply that asks for tools). Past it, pending tool calls are
    /// not run and the model is asked to answer with what it has. Default 10.
    /// </summary>
    /// <remarks>Kept below Microsoft.Extensions.AI's own cap of 40 iterations, so ours is the one that applies.</remarks>
    [Range(1, 32)]
    public int MaxToolRounds { get; set; } = 10;

    /// <summary>
    /// A system prompt file replacing the built-in one (the repository's <c>prompts/system.md</c>, embedded in the
    /// library); relative to the application's base directory unless rooted. Empty: the built-in prompt.
    /// </summary>
    public string? SystemPromptFile { get; set; }

    /// <summary>
    /// How many past messages are sent to the model (the store keeps all of them). Older ones are dropped in whole
    /// exchanges, never separating a tool call from its result. Default 80.
    /// </summary>
    [Range(4, 100_000)]
    public int MaxHistoryMessages { get; set; } = 80;

    /// <summary>Whether sessions get the built-in <c>clock_now</c> tool (current time in any time zone). Default on.</summary>
    public bool ClockTool { get; set; } = true;

    /// <summary>How much of a tool error message reaches the model (characters). Default 300.</summary>
    [Range(40, 4000)]
    public int ToolErrorMaxLength { get; set; } = 300;

    /// <summary>How much of a tool result is kept in the turn's record and events (characters). Default 4000.</summary>
    [Range(100, 1_000_000)]
    public int ToolResultPreviewLength { get; set; } = 4000;
}
