using Microsoft.Extensions.AI;

namespace ByokAgent.Providers.Validation;

/// <summary>
/// The optional tool-calling check: offers one tool, requires a call, and warns (never fails) when the model does not
/// make it. Rejecting working models is the most reported failure of desktop BYOK apps, so this only informs.
/// </summary>
internal static class ToolCallProbe
{
    private const string ToolName = "report_ready";

    public static async Task<IReadOnlyList<string>> RunAsync(IChatClient chat, CancellationToken cancellationToken)
    {
        var tool = AIFunctionFactory.Create(() => "ready", ToolName, "Reports that the assistant is ready. Call it whenever asked to.");
        var options = new ChatOptions { Tools = [tool], ToolMode = ChatToolMode.RequireAny, MaxOutputTokens = 64 };
        try
        {
            var response = await chat.GetResponseAsync([new ChatMessage(ChatRole.User, $"Call the {ToolName} tool now.")], options, cancellationToken).ConfigureAwait(false);
            return response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Any()
                ? []
                : ["The model answered without calling a tool when asked to: agent tools (browser, files) may not work with it."];
        }
        catch (ProviderException failure)
        {
            return [$"Tool calling could not be checked: {failure.Message}"];
        }
    }
}
