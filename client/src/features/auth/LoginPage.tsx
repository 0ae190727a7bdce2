import { AuthForm } from "./AuthForm.tsx";

export default function LoginPage() {
  return <AuthForm mode="login" />;
}
