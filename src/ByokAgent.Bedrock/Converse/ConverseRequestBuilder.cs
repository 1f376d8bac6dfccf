using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace ByokAgent.Bedrock.Converse;

/// <summary>Turns Microsoft.Extensions.AI messages and options into a Converse / ConverseStream request body.</summary>
/// <remarks>
/// Bedrock is stricter than the M.E.AI model, so the mapping absorbs the differences: system messages (anywhere) become
/// the top-level <c>system</c> blocks; tool results travel in user messages; consecutive messages of one role are merged
/// (Bedrock rejects two user or two assistant turns in a row); blank text is dropped (Bedrock rejects blank text
/// blocks); and <c>toolConfig</c> is sent whenever the history holds tool blocks (Bedrock rejects them otherwise).
/// </remarks>
internal static class ConverseRequestBuilder
{
    public static JsonObject Build(IEnumerable<ChatMessage> messages, ChatOptions? options, int? defaultMaxTokens)
    {
        var system = new JsonArray();
        if (!string.IsNullOrWhiteSpace(options?.Instructions))
        {
            system.Add(new JsonObject { ["text"] = options.Instructions });
        }

        var turns = new JsonArray();
        var history = new ToolHistory();
        JsonArray? lastContent = null;
        string? lastRole = null;
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                foreach (var text in message.Contents.OfType<TextContent>().Where(t => !string.IsNullOrWhiteSpace(t.Text)))
                {
                    system.Add(new JsonObject { ["text"] = text.Text });
                }

                continue;
            }

            var blocks = ConverseContent.ToBlocks(message, history);
            if (blocks.Count == 0)
            {
                continue;
            }

            var role = message.Role == ChatRole.Assistant ? "assistant" : "user";
            if (role == lastRole && lastContent is not null)
            {
                blocks.ForEach(lastContent.Add);
                continue;
            }

            lastContent = new JsonArray([.. blocks]);
            lastRole = role;
            turns.Add(new JsonObject { ["role"] = role, ["content"] = lastContent });
        }

        var body = new JsonObject { ["messages"] = turns };
        if (system.Count > 0)
        {
            body["system"] = system;
        }

        if (InferenceConfig(options, defaultMaxTokens) is { } inference)
        {
            body["inferenceConfig"] = inference;
        }

        if (ToolConfig(options, history) is { } tools)
        {
            body["toolConfig"] = tools;
        }

        return body;
    }

    private static JsonObject? InferenceConfig(ChatOptions? options, int? defaultMaxTokens)
    {
        var config = new JsonObject();
        if ((options?.MaxOutputTokens ?? defaultMaxTokens) is { } maxTokens)
        {
            config["maxTokens"] = maxTokens;
        }

        if (options?.Temperature is { } temperature)
        {
            config["temperature"] = temperature;
        }

        if (options?.TopP is { } topP)
        {
            config["topP"] = topP;
        }

        if (options?.StopSequences is { Count: > 0 } stops)
        {
            config["stopSequences"] = new JsonArray([.. stops.Select(s => (JsonNode?)JsonValue.Create(s))]);
        }

        return config.Count > 0 ? config : null;
    }

    private static JsonObject? ToolConfig(ChatOptions? options, ToolHistory history)
    {
        var declared = options?.Tools?.OfType<AIFunctionDeclaration>().ToList() ?? [];
        var mode = options?.ToolMode;
        var sendTools = declared.Count > 0 && mode is not NoneChatToolMode;

        // Bedrock has no "none" tool choice, and rejects toolUse/toolResult blocks without a toolConfig. So with tool
        // blocks in the history the tools stay declared (the model can still call one: "none" cannot be enforced), and
        // a tool that is no longer offered is declared by name alone.
        if (!sendTools && !history.HasToolBlocks)
        {
            return null;
        }

        var specs = new JsonArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in declared.Where(t => names.Add(t.Name)))
        {
            specs.Add(ToolSpec(tool.Name, tool.Description, tool.JsonSchema));
        }

        foreach (var name in history.CalledToolNames.Where(names.Add))
        {
            specs.Add(ToolSpec(name, "No longer available.", default));
        }

        var config = new JsonObject { ["tools"] = specs };
        if (sendTools)
        {
            config["toolChoice"] = ToolChoice(mode);
        }

        return config;
    }

    private static JsonObject ToolChoice(ChatToolMode? mode) => mode switch
    {
        RequiredChatToolMode { RequiredFunctionName: { } name } => new JsonObject { ["tool"] = new JsonObject { ["name"] = name } },
        RequiredChatToolMode => new JsonObject { ["any"] = new JsonObject() },
        _ => new JsonObject { ["auto"] = new JsonObject() },
    };

    private static JsonObject ToolSpec(string name, string? description, JsonElement schema)
    {
        var spec = new JsonObject { ["name"] = name };
        if (!string.IsNullOrWhiteSpace(description))
        {
            spec["description"] = description;
        }

        // Bedrock wants an object schema; a function without parameters may come with an empty or default schema.
        var json = schema.ValueKind == JsonValueKind.Object && schema.EnumerateObject().Any()
            ? JsonNode.Parse(schema.GetRawText())!
            : new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() };
        spec["inputSchema"] = new JsonObject { ["json"] = json };
        return new JsonObject { ["toolSpec"] = spec };
    }
}
