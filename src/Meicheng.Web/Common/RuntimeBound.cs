namespace Meicheng.Web.Common;

/// <summary>
/// Endpoints whose request delegate is built at run time by ASP.NET Core's RequestDelegateFactory, as before the
/// compile-time generator (EnableRequestDelegateGenerator in Meicheng.Web.csproj) took over every other endpoint.
/// Passing the handler through here hides it from the generator (its RDG002 notice is silenced in the project file).
/// </summary>
/// <remarks>
/// The generator builds every other endpoint at compile time, so an app start no longer compiles hundreds of
/// expression trees on its first request. It differs from the run-time factory in two ways that matter here:
/// <list type="bullet">
/// <item>a form read on a request whose antiforgery check failed throws (a 500) instead of answering 400, so every
/// endpoint that binds a form, a file or a form collection stays at run time (<see cref="Form"/>);</item>
/// <item>its OpenAPI metadata drops the names of form fields and marks a nullable query array required
/// (<see cref="Metadata"/>).</item>
/// </list>
/// </remarks>
public static class RuntimeBound
{
    /// <summary>A handler that binds a form, a file or a form collection.</summary>
    public static Delegate Form(Delegate handler) => handler;

    /// <summary>A handler whose OpenAPI description the generator would get wrong.</summary>
    public static Delegate Metadata(Delegate handler) => handler;
}
