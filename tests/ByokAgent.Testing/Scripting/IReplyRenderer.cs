using ByokAgent.Testing.Hosting;

namespace ByokAgent.Testing.Scripting;

/// <summary>How one wire turns a generated reply (text or tool calls) into its own response format.</summary>
internal interface IReplyRenderer
{
    /// <summary>Sends a <see cref="FakeReplyKind.Text"/> or <see cref="FakeReplyKind.ToolCalls"/> reply.</summary>
    Task RenderAsync(WireRequest request, FakeReply reply);

    /// <summary>Sends a 500 in the wire's error shape, so a test that forgot to script a reply fails loudly.</summary>
    Task RenderUnscriptedAsync(WireRequest request, string message);
}
