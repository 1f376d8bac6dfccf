using ByokAgent.Security;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ByokAgent.Agents;

/// <summary>Wraps any provider's <see cref="IChatClient"/> as the kernel's chat service, with tools invoked automatically.</summary>
/// <remarks>
/// Every provider goes through the same Microsoft.Extensions.AI path, so an agent cannot tell which one it runs on.
/// <c>UseKernelFunctionInvocation</c> is what runs kernel functions for an <see cref="IChatClient"/>: without it the model's
/// tool calls come back unexecuted (shared/feasibility.md, row 2).
/// </remarks>
internal sealed class KernelFactory(ILoggerFactory applicationLoggerFactory) : IKernelFactory
{
    public Kernel Create(IChatClient chatClient, IEnumerable<KernelPlugin> plugins, IReadOnlyCollection<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(secrets);

        // Semantic Kernel logs a failing function's exception verbatim; whatever it logs passes the redactor first.
        var loggerFactory = new SecretRedactingLoggerFactory(applicationLoggerFactory, secrets);

        // Model-call spans and gen_ai metrics sit under function invocation, one per request to the provider (only while observed).
        var functionInvoking = new ChatClientBuilder(Observability.ChatTelemetry.Instrument(chatClient, out var telemetry))
            .UseKernelFunctionInvocation(loggerFactory)
            .Build();

        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(telemetry);
        builder.Services.AddSingleton<IChatCompletionService>(functionInvoking.AsChatCompletionService());
        foreach (var plugin in plugins)
        {
            builder.Plugins.Add(plugin);
        }

        return builder.Build();
    }
}
