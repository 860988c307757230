using System.Diagnostics;
using System.Runtime.InteropServices;
using Dataverse.Local;
using Microsoft.Xrm.Sdk;
using Microsoft.Xrm.Sdk.Query;

namespace Dataverse.WebApi;

/// <summary>What `winback serve` does once the organization is seeded: its users, the host, and waiting for Ctrl+C or SIGTERM.</summary>
public static class LocalServer
{
    public const string AdminDomain = "admin@winback.local";
    public const string CustomerSuccessDomain = "cs@winback.local";
    public const string SalesRepDomain = "rep@winback.local";

    /// <summary>
    /// Adds the three users the shell acts as: the administrator (System Administrator and Win-back Administrator),
    /// customer success and a sales rep. The rep works in a business unit of their own ("Field Sales") and owns
    /// every <paramref name="repShare"/>-th account, so the rep's Local read depth shows those accounts only.
    /// </summary>
    public static IReadOnlyList<ShellUser> SeedUsers(LocalOrganization org, int repShare = 4)
    {
        var admin = AddUser(org, "Avery Admin", AdminDomain, org.RootBusinessUnitId, LocalOrganization.SystemAdministratorRole, "Win-back Administrator");
        var cs = AddUser(org, "Casey Success", CustomerSuccessDomain, org.RootBusinessUnitId, "Win-back Customer Success");
        var fieldSales = org.AddBusinessUnit("Field Sales");
        var rep = AddUser(org, "Riley Rep", SalesRepDomain, fieldSales, "Win-back Sales Rep");
        if (repShare > 0)
        {
            var accounts = org.Rows("account").OrderBy(a => a.GetAttributeValue<string>("name"), StringComparer.Ordinal).ToList();
            for (var i = 0; i < accounts.Count; i += repShare)
                org.Service.Update(new Entity("account", accounts[i].Id) { ["ownerid"] = new EntityReference("systemuser", rep.Id) });
        }
        return new[] { admin, cs, rep };
    }

    private static ShellUser AddUser(LocalOrganization org, string fullName, string domainName, Guid businessUnit, params string[] roles)
    {
        var id = org.AddUser(fullName, businessUnit, roles);
        org.SystemService.Update(new Entity("systemuser", id) { ["domainname"] = domainName, ["internalemailaddress"] = domainName });
        return new ShellUser(id, fullName, domainName) { Roles = roles };
    }

    /// <summary>
    /// Serves until Ctrl+C or SIGTERM. Prints "Listening on http://127.0.0.1:P" as its last line before serving;
    /// a port in use is reported on <paramref name="error"/> with exit code 1.
    /// </summary>
    public static async Task<int> RunAsync(LocalOrganization org, string solutionZip, IReadOnlyList<ShellUser> users, int port, bool openBrowser,
        TextWriter output, TextWriter error)
    {
        WebApiHost host;
        try
        {
            host = await WebApiHost.StartAsync(new WebApiHostOptions { Organization = org, SolutionZip = solutionZip, Users = users, Port = port });
        }
        catch (IOException e)
        {
            error.WriteLine("winback serve: " + e.Message);
            return 1;
        }
        await using (host)
        {
            using var stop = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Cancel(); };
            Console.CancelKeyPress += onCancel;
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
            output.WriteLine($"Users: {string.Join(", ", users.Select(u => u.DomainName))} (add &user=<domain name> to any address, or use the switcher)");
            output.WriteLine("State lives in memory: stopping the server forgets every change.");
            output.WriteLine($"Listening on {host.Address}");
            output.Flush();
            if (openBrowser) TryOpen(host.Address + "/main.aspx");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }
        return 0;
    }

    private static void TryOpen(string url)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("xdg-open", url) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true });
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No desktop opener on this machine: the printed address is enough.
        }
    }
}
