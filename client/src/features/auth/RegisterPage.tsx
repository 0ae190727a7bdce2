import { AuthForm } from "./AuthForm.tsx";

export default function RegisterPage() {
  return <AuthForm mode="register" />;
}
