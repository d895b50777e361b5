/**
 * Staff identities: the Cognito user pool, its role groups, the hosted sign-in domain and the
 * finance console's app client.
 *
 * The pool lives in the stateful stack: it holds the staff accounts, their MFA enrolments and
 * group memberships, and replacing it (a renamed construct, a changed immutable property) would
 * silently lock every clerk, approver and auditor out. It is therefore deployed, retained and
 * protected like the ledger, and the stateless stack only references it.
 */
import { Aws, Duration, Fn } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES, type Role } from '../../shared/routes';
import type { StageConfig } from '../stacks/stage';

const GROUP_DESCRIPTIONS: Record<Role, string> = {
  'finance-clerk': 'Kế toán: records receipts, imports statements, requests disbursements',
  'finance-approver': 'Chủ tài khoản / lãnh đạo: approves or rejects disbursements (never their own)',
  auditor: 'Ban giám sát: reads everything, changes nothing',
  admin: 'Administers staff accounts and funds',
};

export interface StaffIdentityProps {
  readonly stage: StageConfig;
}

export class StaffIdentity extends Construct {
  readonly userPool: cognito.UserPool;
  readonly consoleClient: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  readonly groups: Record<Role, cognito.UserPoolGroup>;

  constructor(scope: Construct, id: string, { stage }: StaffIdentityProps) {
    super(scope, id);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      // Staff accounts are created by an admin, never by whoever finds the sign-up page.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      signInCaseSensitive: false,
      // Cognito cannot require MFA per group, and a clerk's account can move money as surely
      // as an approver's, so every staff member enrols an authenticator app. No SMS: SIM swaps.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Plus tier: compromised-credential checks and adaptive authentication, enforced.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: stage.name === 'prod',
      removalPolicy: stage.removalPolicy,
    });

    this.groups = Object.fromEntries(
      ROLES.map((role, precedence) => [
        role,
        this.userPool.addGroup(`Group-${role}`, { groupName: role, description: GROUP_DESCRIPTIONS[role], precedence }),
      ]),
    ) as Record<Role, cognito.UserPoolGroup>;

    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: {
        // Prefixes are global per region; the account id keeps two deployments from colliding.
        domainPrefix: stage.authDomainPrefix ?? Fn.join('-', ['sovang', stage.name, Aws.ACCOUNT_ID]),
      },
    });

    // The console finishes the authorisation-code flow on /console/callback and signs out to
    // /console (web/src/console/auth.ts), on each origin the stage names.
    const signOutUrls = stage.consoleCallbackUrls.map((url) => `${new URL(url).origin}/console`);
    this.consoleClient = this.userPool.addClient('FinanceConsole', {
      // A browser app cannot keep a secret; authorisation code with PKCE needs none.
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [...stage.consoleCallbackUrls],
        logoutUrls: signOutUrls,
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // Short-lived tokens: a stolen access token approves nothing after an hour; a working
      // day is the longest a session lasts without signing in again.
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });
  }

  /** The issuer API Gateway and the handlers verify staff tokens against. */
  get issuerUrl(): string {
    return `https://cognito-idp.${Aws.REGION}.amazonaws.com/${this.userPool.userPoolId}`;
  }
}
