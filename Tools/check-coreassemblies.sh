#!/usr/bin/env bash
# Checks the CoreAssemblies switch: the plug-in assembly must restore and compile, with no source change, against a
# package with the id and version of Microsoft's SDK package (Microsoft.CrmSdk.CoreAssemblies 9.0.2.60).
#
# The package source these machines reach does not serve Microsoft's package, so this script makes a stand-in with
# the real package's layout: lib/net462/Microsoft.Xrm.Sdk.dll (the offline SDK, same identity as Microsoft's) and
# lib/net462/Microsoft.Crm.Sdk.Proxy.dll (a small assembly of the same identity as Microsoft's proxy), in a throwaway
# local folder feed. It then builds Plugins/WinBack.Plugins with -p:DataverseSdk=CoreAssemblies, restoring from that
# feed plus the normal sources, for net462 (lib/net462 directly) and net10.0 (through asset target fallback).
#
# Everything happens in a temporary copy of the working tree with its own NuGet packages folder, so the normal build
# (bin/, obj/) and the global packages folder are never touched, and the stand-in package never lands in a cache a
# real restore would later read.
#
# Usage: bash Tools/check-coreassemblies.sh [--keep]    (--keep leaves the temporary folder for inspection)
# Prints "1 passed, 0 failed" or "0 passed, 1 failed"; exits non-zero on failure.
set -uo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
keep=0
[ "${1:-}" = "--keep" ] && keep=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

package_id="Microsoft.CrmSdk.CoreAssemblies"
package_version="9.0.2.60"
configuration="Release"
user_packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"

work="$(mktemp -d "${TMPDIR:-/tmp}/coreassemblies-check.XXXXXX")" && [ -d "$work" ] ||
  { echo "FAILED: no temporary folder"; echo "0 passed, 1 failed"; exit 1; }
log="$work/check.log"
cleanup() { if [ "$keep" -eq 0 ]; then rm -rf "$work"; else echo "kept: $work"; fi; }
trap cleanup EXIT

fail() {
  echo "FAILED: $1"
  [ -f "$log" ] && tail -n 60 "$log"
  echo "0 passed, 1 failed"
  exit 1
}

step() { echo "== $1"; }

# 1. A copy of the working tree: tracked files and new files not ignored (so uncommitted work is checked too).
step "copy the working tree to $work/repo"
mkdir -p "$work/repo" "$work/feed" "$work/packages" "$work/pack"
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$root" && git ls-files -z --cached --others --exclude-standard) |
    while IFS= read -r -d '' file; do [ -f "$root/$file" ] && printf '%s\0' "$file"; done |
    (cd "$root" && tar --null -T - -cf -) | tar -xf - -C "$work/repo" || fail "could not copy the working tree"
else
  # Not a git checkout (an unpacked archive, say): copy everything but build outputs and dependencies.
  (cd "$root" && tar --exclude=./.git --exclude='*/bin' --exclude='*/obj' --exclude='*/node_modules' -cf - .) |
    tar -xf - -C "$work/repo" || fail "could not copy the tree"
fi
repo="$work/repo"

# 2. NuGet configuration of the copy: the stand-in feed for Microsoft's package id only, everything else from the
#    machine's normal sources (and the packages already restored here, read as a local feed), into a private
#    packages folder.
step "configure the feed"
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  echo '  <config><add key="globalPackagesFolder" value="'"$work/packages"'" /></config>'
  echo '  <packageSources>'
  echo '    <clear />'
  echo '    <add key="coreassemblies-check" value="'"$work/feed"'" />'
  [ -d "$user_packages" ] && echo '    <add key="restored-here" value="'"$user_packages"'" />'
  n=0
  while read -r state url; do
    [ "$state" = "E" ] || continue
    n=$((n + 1))
    echo '    <add key="normal-'"$n"'" value="'"$url"'" />'
  done < <(cd "$root" && dotnet nuget list source --format short 2>/dev/null)
  echo '  </packageSources>'
  echo '  <packageSourceMapping>'
  echo '    <packageSource key="coreassemblies-check"><package pattern="'"$package_id"'" /></packageSource>'
  [ -d "$user_packages" ] && echo '    <packageSource key="restored-here"><package pattern="*" /></packageSource>'
  for i in $(seq 1 "$n"); do
    echo '    <packageSource key="normal-'"$i"'"><package pattern="*" /></packageSource>'
  done
  echo '  </packageSourceMapping>'
  echo '</configuration>'
} > "$repo/NuGet.Config"
export NUGET_PACKAGES="$work/packages"

# 3. The SDK assemblies of the stand-in package.
step "build the offline Microsoft.Xrm.Sdk for net462"
dotnet build "$repo/Plugins/Xrm.Sdk.Offline/Xrm.Sdk.Offline.csproj" -f net462 -c "$configuration" -nologo -clp:ErrorsOnly \
  >"$log" 2>&1 || fail "the offline SDK did not build"
sdk_dll="$repo/Plugins/Xrm.Sdk.Offline/bin/$configuration/net462/Microsoft.Xrm.Sdk.dll"
[ -f "$sdk_dll" ] || fail "no $sdk_dll"

step "build a Microsoft.Crm.Sdk.Proxy of the same identity as Microsoft's"
proxy="$repo/Tools/CoreAssembliesCheck.Proxy"
mkdir -p "$proxy"
cat > "$proxy/CoreAssembliesCheck.Proxy.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net462</TargetFramework>
    <AssemblyName>Microsoft.Crm.Sdk.Proxy</AssemblyName>
    <AssemblyVersion>9.0.0.0</AssemblyVersion>
    <FileVersion>$package_version</FileVersion>
    <SignAssembly>true</SignAssembly>
    <PublicSign>true</PublicSign>
    <AssemblyOriginatorKeyFile>$repo/Plugins/Xrm.Sdk.Offline/Microsoft.Xrm.Sdk.publickey.snk</AssemblyOriginatorKeyFile>
    <Nullable>disable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="Microsoft.Xrm.Sdk" HintPath="$sdk_dll" Private="false" />
  </ItemGroup>
</Project>
EOF
cat > "$proxy/WhoAmI.cs" <<'EOF'
namespace Microsoft.Crm.Sdk.Messages
{
    using System;
    using Microsoft.Xrm.Sdk;

    public sealed class WhoAmIRequest : OrganizationRequest
    {
        public WhoAmIRequest()
        {
            RequestName = "WhoAmI";
        }
    }

    public sealed class WhoAmIResponse : OrganizationResponse
    {
        public Guid UserId => Results.Contains("UserId") ? (Guid)Results["UserId"] : default(Guid);
    }
}
EOF
dotnet build "$proxy/CoreAssembliesCheck.Proxy.csproj" -c "$configuration" -nologo -clp:ErrorsOnly >"$log" 2>&1 ||
  fail "the proxy stand-in did not build"
proxy_dll="$proxy/bin/$configuration/net462/Microsoft.Crm.Sdk.Proxy.dll"
[ -f "$proxy_dll" ] || fail "no $proxy_dll"
rm -rf "$proxy"/obj  # keep the copy's restore graph free of the proxy project
cp "$proxy_dll" "$work/Microsoft.Crm.Sdk.Proxy.dll"
rm -rf "$proxy"

# 4. The package, packed by the ordinary client from a nuspec in the real package's layout.
step "pack $package_id $package_version into the local feed"
mkdir -p "$work/pack/lib/net462"
cp "$sdk_dll" "$work/pack/lib/net462/"
cp "$work/Microsoft.Crm.Sdk.Proxy.dll" "$work/pack/lib/net462/"
cat > "$work/pack/$package_id.nuspec" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
  <metadata>
    <id>$package_id</id>
    <version>$package_version</version>
    <authors>WinBack build check</authors>
    <description>Stand-in with the id, version and layout of Microsoft's package, made from the offline SDK to check the CoreAssemblies switch.</description>
    <dependencies>
      <group targetFramework=".NETFramework4.6.2" />
    </dependencies>
    <frameworkAssemblies>
      <frameworkAssembly assemblyName="System.Runtime.Serialization" targetFramework=".NETFramework4.6.2" />
      <frameworkAssembly assemblyName="System.ServiceModel" targetFramework=".NETFramework4.6.2" />
    </frameworkAssemblies>
  </metadata>
  <files>
    <file src="lib/net462/Microsoft.Xrm.Sdk.dll" target="lib/net462/Microsoft.Xrm.Sdk.dll" />
    <file src="lib/net462/Microsoft.Crm.Sdk.Proxy.dll" target="lib/net462/Microsoft.Crm.Sdk.Proxy.dll" />
  </files>
</package>
EOF
cat > "$work/pack/Pack.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <IncludeBuildOutput>false</IncludeBuildOutput>
    <NuspecFile>$package_id.nuspec</NuspecFile>
    <NuspecBasePath>$work/pack</NuspecBasePath>
    <NoWarn>\$(NoWarn);NU5100;NU5128</NoWarn>
  </PropertyGroup>
</Project>
EOF
(cd "$work/pack" && dotnet pack Pack.csproj -c "$configuration" -o "$work/feed" -nologo -clp:ErrorsOnly) >"$log" 2>&1 ||
  fail "the stand-in package could not be packed"
nupkg="$work/feed/$package_id.$package_version.nupkg"
[ -f "$nupkg" ] || fail "no $nupkg"

# 5. The plug-in assembly, switched to Microsoft's package.
step "build Plugins/WinBack.Plugins with -p:DataverseSdk=CoreAssemblies (net462 and net10.0)"
dotnet build "$repo/Plugins/WinBack.Plugins/WinBack.Plugins.csproj" -p:DataverseSdk=CoreAssemblies -c "$configuration" \
  -nologo -clp:ErrorsOnly >"$log" 2>&1 || fail "the plug-in assembly did not build against $package_id"

# 6. It really compiled against the package, not against the in-repo SDK project.
assets="$repo/Plugins/WinBack.Plugins/obj/project.assets.json"
[ -f "$assets" ] || fail "no $assets"
grep -q "\"$package_id/$package_version\"" "$assets" || fail "$package_id $package_version is not in the restore graph"
grep -q '"Xrm.Sdk.Offline/' "$assets" && fail "the in-repo offline SDK project is still in the restore graph"
for tfm in net462 net10.0; do
  [ -f "$repo/Plugins/WinBack.Plugins/bin/$configuration/$tfm/WinBack.Plugins.dll" ] || fail "no WinBack.Plugins.dll for $tfm"
done
[ -f "$repo/Plugins/WinBack.Plugins/bin/$configuration/net462/Microsoft.Xrm.Sdk.dll" ] &&
  echo "   note: Microsoft.Xrm.Sdk.dll was copied next to the net462 plug-in (it is never packed into the solution)"

echo "   $package_id $package_version restored from the local feed; WinBack.Plugins built for net462 and net10.0"
echo "1 passed, 0 failed"
exit 0
