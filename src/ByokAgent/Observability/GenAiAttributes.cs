namespace ByokAgent.Observability;

/// <summary>Attribute names of the OpenTelemetry GenAI semantic conventions (as Microsoft.Extensions.AI emits them), and ByokAgent's own.</summary>
internal static class GenAiAttributes
{
    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string ConversationId = "gen_ai.conversation.id";
    public const string AgentName = "gen_ai.agent.name";
    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string OutputTokens = "gen_ai.usage.output_tokens";
    public const string TokenType = "gen_ai.token.type";
    public const string ToolName = "gen_ai.tool.name";
    public const string ErrorType = "error.type";

    public const string InvokeAgent = "invoke_agent";

    public const string ProjectId = "byok.project.id";
    public const string Streaming = "byok.turn.streaming";
    public const string ToolCalls = "byok.turn.tool_calls";
    public const string Outcome = "byok.turn.outcome";
    public const string ProviderFailure = "byok.provider.failure";

    /// <summary>Content-bearing attributes of the conventions (opt-in there): never exported, even if a component sets them.</summary>
    public static readonly string[] Content =
    [
        "gen_ai.input.messages",
        "gen_ai.output.messages",
        "gen_ai.system_instructions",
        "gen_ai.tool.call.arguments",
        "gen_ai.tool.call.result",
        "gen_ai.prompt",
        "gen_ai.completion",
    ];
}
